/* Optional accelerator of the output assembly of extraction/taxonomy_extractor.py: the per-hit
 * loop of TaxonomyExtractor._occurrences (occurrences()) and the per-concept loop of
 * TaxonomyExtractor._mentions (mentions()). Both build hundreds of small models per text, and
 * in Python they were a quarter of extracting a resume.
 *
 * Only bookkeeping is done here: offsets against scopes, boilerplate, pages, sections and
 * positions, the cheap pre-tests of the rules, and the models. Every rule with content stays
 * in Python and is called back when its pre-test passes, as the Python loop calls it: the
 * language rules (application_language, _language_claim), the role rules (ends_in_role,
 * starts_after_role) and the months used of a resume (months_and_last). Input of unexpected
 * types is left to Python whole: both functions then return None and the Python loop, which
 * stays the reference, runs instead. tests/test_extraction_native.py holds both paths to
 * identical mentions.
 *
 * One difference no output shows: the Spans, Occurrences and SkillMentions built here, their
 * dicts and a mention's tuple of occurrences are not tracked by the garbage collector (see
 * build()). A two-page resume makes about 900 of them; tracked, they set off a young
 * collection on most extractions and are walked again by every older one, for as long as a
 * caller keeps them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <structmember.h>

/* Interned names and constants, made once at import; never changed afterwards. */
static PyObject *name_start, *name_end, *name_page, *name_first, *name_last, *name_entry,
    *name_kind, *name_confidence, *name_reason, *name_span, *name_surface, *name_section_kind,
    *name_position_index, *name_match, *name_assertion, *name_schema_version, *name_concept_id,
    *name_label, *name_type, *name_category, *name_occurrences, *name_source, *name_taxonomy,
    *name_negated, *name_aspirational, *name_role_only, *name_skills_section_only,
    *name_months_used, *name_last_used, *name_id, *skill_word, *three;

/* A half-open range of the text and what lies in it: a scope's assertion, a section's kind, a
 * position's index, or nothing (boilerplate). Borrowed from the caller's lists. */
typedef struct {
    Py_ssize_t start, end;
    PyObject *value;
} Range;

/* Py_ssize_t of an exact int; 0 (not handled) for any other value or one out of range. */
static int exact_size(PyObject *value, Py_ssize_t *out) {
    if (!PyLong_CheckExact(value))
        return 0;
    *out = PyLong_AsSsize_t(value);
    if (*out == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    return 1;
}

/* The ranges of a list of (start, end[, value]) tuples with int offsets; 0 when the list is
 * of another shape (the caller hands the call back to Python), -1 on a memory error. */
static int read_ranges(PyObject *list, Py_ssize_t width, Range **out, Py_ssize_t *count,
                       PyObject **held) {
    *out = NULL;
    *count = 0;
    if (!PyList_CheckExact(list))
        return 0;
    /* The rules called back may change the list: a snapshot keeps the values alive. */
    if ((*held = PyList_AsTuple(list)) == NULL)
        return -1;
    list = *held;
    Py_ssize_t size = PyTuple_GET_SIZE(list);
    if (size == 0)
        return 1;
    Range *ranges = PyMem_New(Range, size);
    if (ranges == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *item = PyTuple_GET_ITEM(list, i);
        if (!PyTuple_CheckExact(item) || PyTuple_GET_SIZE(item) != width ||
            !exact_size(PyTuple_GET_ITEM(item, 0), &ranges[i].start) ||
            !exact_size(PyTuple_GET_ITEM(item, 1), &ranges[i].end)) {
            PyMem_Free(ranges);
            return 0;
        }
        ranges[i].value = width > 2 ? PyTuple_GET_ITEM(item, 2) : Py_None;
    }
    *out = ranges;
    *count = size;
    return 1;
}

/* The first range holding offset, or NULL (_region_at; the scope loop of _occurrences). */
static const Range *range_at(const Range *ranges, Py_ssize_t count, Py_ssize_t offset) {
    for (Py_ssize_t i = 0; i < count; i++)
        if (ranges[i].start <= offset && offset < ranges[i].end)
            return &ranges[i];
    return NULL;
}

/* Where a plain slot of _Hit lies in its instances, or -1 (then nothing is read in C). */
static Py_ssize_t slot_offset(PyTypeObject *type, PyObject *name) {
    PyObject *descriptor = PyDict_GetItemWithError(type->tp_dict, name);
    if (descriptor == NULL || Py_TYPE(descriptor) != &PyMemberDescr_Type) {
        PyErr_Clear();
        return -1;
    }
    PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
    if (((PyMemberDescrObject *)descriptor)->d_common.d_type != type)
        return -1; /* a slot of another class: its offset is not one of type's */
    return member->type == T_OBJECT_EX ? member->offset : -1;
}

/* The models' value dicts in field order, with None values: copying a small dict copies its
 * key table, which costs less than inserting each key into a new one. */
static PyObject *span_template, *occurrence_template, *mention_template;
/* The models' field names in that order, set at import. */
static PyObject *span_keys[3], *occurrence_keys[8], *mention_keys[16];

/* new_model(cls, template with values[i] set for keys[i]); a NULL value keeps the template's
 * (None, or what is the same for every mention of a text), which saves setting it.
 *
 * The model and its dict are then untracked by the garbage collector. The collector looks
 * only for reference cycles, and none can pass through these models: they are frozen, and
 * what they hold was made before them and cannot refer to them (strings, numbers, None,
 * enum members, the template's shared values, the class's shared field set and, for an
 * Occurrence or a SkillMention, models and a tuple that this module made and untracked in
 * turn). Untracked objects are still freed by reference counting as usual. Pydantic refuses
 * attribute writes to a frozen model, but a caller who writes into a result's dict directly
 * (vars(m)[k] = [m], object.__setattr__) can still make a cycle through it, which the
 * collector then never finds: docs/skills.md tells callers not to. */
static PyObject *build(PyObject *new_model, PyObject *cls, PyObject *template,
                       PyObject *const *keys, PyObject *const *values, int count) {
    PyObject *dict = PyDict_Copy(template);
    if (dict == NULL)
        return NULL;
    for (int i = 0; i < count; i++) {
        if (values[i] != NULL && PyDict_SetItem(dict, keys[i], values[i]) < 0) {
            Py_DECREF(dict);
            return NULL;
        }
    }
    PyObject *args[2] = {cls, dict};
    PyObject *model = PyObject_Vectorcall(new_model, args, 2, NULL);
    if (model != NULL) {
        PyObject_GC_UnTrack(dict);
        if (PyObject_IS_GC(model))
            PyObject_GC_UnTrack(model);
    }
    Py_DECREF(dict);
    return model;
}

/* What taxonomy_extractor._native_context() hands over, in its order. */
typedef struct {
    PyTypeObject *hit_type;            /* _Hit: other hit types leave the text to Python */
    PyObject *new_model;               /* the compiled trusted_model */
    PyObject *occurrence, *span;       /* the model classes */
    PyObject *skill_mention;
    PyObject *language;                /* ConceptType.LANGUAGE */
    PyObject *claimed, *role, *negated, *aspirational; /* the Assertion members */
    PyObject *org_nouns, *role_nouns, *title_heads;    /* the role rules' pre-test sets */
    PyObject *ends_in_role, *starts_after_role;        /* the role rules themselves */
    PyObject *of;                      /* "of": "Head of Java" names a role */
    PyObject *schema_version, *source; /* SCHEMA_VERSION and "taxonomy" */
    PyObject *round;                   /* builtins.round: rounding as Python rounds */
    PyObject *concept;                 /* Concept: its fields are read without the hook */
    PyObject *alias_entry;             /* AliasEntry: its concept is field 0 */
} Context;

static int read_context(PyObject *tuple, Context *context) {
    if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) != 21) {
        PyErr_SetString(PyExc_TypeError, "the context is a tuple of 21 (_native_context())");
        return -1;
    }
    PyObject **slots[21] = {
        (PyObject **)&context->hit_type, &context->new_model, &context->occurrence,
        &context->span, &context->skill_mention, &context->language, &context->claimed,
        &context->role, &context->negated, &context->aspirational, &context->org_nouns,
        &context->role_nouns, &context->title_heads, &context->ends_in_role,
        &context->starts_after_role, &context->of, &context->schema_version, &context->source,
        &context->round, &context->concept, &context->alias_entry,
    };
    for (int i = 0; i < 21; i++)
        *slots[i] = PyTuple_GET_ITEM(tuple, i);
    if (!PyType_Check((PyObject *)context->hit_type) || !PyFrozenSet_Check(context->org_nouns) ||
        !PyFrozenSet_Check(context->role_nouns) || !PyFrozenSet_Check(context->title_heads)) {
        PyErr_SetString(PyExc_TypeError, "the context holds a type and three frozensets");
        return -1;
    }
    return 0;
}

/* The role pre-tests and rules of _occurrences, for a claimed hit at offset start of tokens
 * first..last: 1 when it is part of a job title, 0 when not, -1 on error. The pre-tests are
 * cheap and fail for most hits; the rules are called only when they pass, in the same order
 * as the Python condition. */
static int names_role(const Context *context, PyObject *keys, PyObject *seps,
                      PyObject *skill_tokens, Py_ssize_t start, Py_ssize_t title_end,
                      Py_ssize_t first, Py_ssize_t last) {
    if (start < title_end)
        return 1;
    Py_ssize_t count = PyList_GET_SIZE(keys);
    Py_ssize_t after = last + 1, before = first - 1;
    if (after < count) {
        /* keys[after] in ORG_NOUNS or not ROLE_NOUNS.isdisjoint(keys[after : after + 5]) */
        PyObject *key = Py_NewRef(PyList_GET_ITEM(keys, after));
        int found = PySet_Contains(context->org_nouns, key);
        Py_DECREF(key);
        for (Py_ssize_t i = after; found == 0 && i < after + 5 && i < PyList_GET_SIZE(keys);
             i++) {
            key = Py_NewRef(PyList_GET_ITEM(keys, i));
            found = PySet_Contains(context->role_nouns, key);
            Py_DECREF(key);
        }
        if (found < 0)
            return -1;
        if (found) {
            PyObject *at = PyLong_FromSsize_t(after);
            if (at == NULL)
                return -1;
            PyObject *args[4] = {keys, seps, at, skill_tokens};
            PyObject *result = PyObject_Vectorcall(context->ends_in_role, args, 4, NULL);
            Py_DECREF(at);
            int truth = result == NULL ? -1 : PyObject_IsTrue(result);
            Py_XDECREF(result);
            if (truth != 0)
                return truth;
        }
    }
    if (before >= 0 && before < PyList_GET_SIZE(keys)) { /* the rule ran Python code */
        PyObject *key = Py_NewRef(PyList_GET_ITEM(keys, before));
        int found = PyObject_RichCompareBool(key, context->of, Py_EQ);
        if (found == 0)
            found = PySet_Contains(context->title_heads, key);
        Py_DECREF(key);
        if (found <= 0)
            return found;
        PyObject *at = PyLong_FromSsize_t(first);
        if (at == NULL)
            return -1;
        PyObject *args[3] = {keys, seps, at};
        PyObject *result = PyObject_Vectorcall(context->starts_after_role, args, 3, NULL);
        Py_DECREF(at);
        int truth = result == NULL ? -1 : PyObject_IsTrue(result);
        Py_XDECREF(result);
        return truth;
    }
    return 0;
}

/* A hit's fields, read from its slots in place; held while the hit is handled, since the
 * rules called back are Python code. */
typedef struct {
    PyObject *start, *end, *first, *last, *entry, *kind, *confidence, *reason;
} HitFields;

/* Its fields when the hit is an exact _Hit whose fields have the types _resolve gives them
 * (ints, an AliasEntry of an int concept, a float, a str); 0 otherwise. */
static int read_hit(PyObject *hit, PyTypeObject *hit_type, PyObject *alias_entry,
                    const Py_ssize_t *offsets, HitFields *fields) {
    if (Py_TYPE(hit) != hit_type)
        return 0;
    PyObject **slots[8] = {&fields->start, &fields->end,  &fields->first,      &fields->last,
                           &fields->entry, &fields->kind, &fields->confidence, &fields->reason};
    for (int i = 0; i < 8; i++)
        if ((*slots[i] = *(PyObject **)((char *)hit + offsets[i])) == NULL)
            return 0;
    return (PyObject *)Py_TYPE(fields->entry) == alias_entry &&
           PyTuple_GET_SIZE(fields->entry) == 4 &&
           PyLong_CheckExact(PyTuple_GET_ITEM(fields->entry, 0)) &&
           PyFloat_CheckExact(fields->confidence) && PyUnicode_CheckExact(fields->reason);
}

/* bisect_right(page_starts, offset) - 1 of _occurrences: the last page that starts at or
 * before offset, or -1. */
static Py_ssize_t page_slot(const Py_ssize_t *page_starts, Py_ssize_t size, Py_ssize_t offset) {
    Py_ssize_t low = 0, high = size;
    while (low < high) {
        Py_ssize_t middle = low + (high - low) / 2;
        if (offset < page_starts[middle])
            high = middle;
        else
            low = middle + 1;
    }
    return low - 1;
}

/* The per-text inputs of occurrences(), as C arrays. */
typedef struct {
    Range *scopes, *boilerplate, *sections, *positions;
    Py_ssize_t n_scopes, n_boilerplate, n_sections, n_positions, n_pages;
    Py_ssize_t *page_starts;
    PyObject *held[5]; /* snapshots of the four range lists and of page_numbers */
} Inputs;

static void free_inputs(Inputs *inputs) {
    PyMem_Free(inputs->scopes);
    PyMem_Free(inputs->boilerplate);
    PyMem_Free(inputs->sections);
    PyMem_Free(inputs->positions);
    PyMem_Free(inputs->page_starts);
    for (int i = 0; i < 5; i++)
        Py_XDECREF(inputs->held[i]);
}

/* 1 when every per-text input has the shape _occurrences gives it, 0 when not, -1 on error. */
static int read_inputs(Inputs *inputs, PyObject *scopes, PyObject *boilerplate,
                       PyObject *page_starts, PyObject *page_numbers, PyObject *sections,
                       PyObject *positions) {
    int ok = read_ranges(scopes, 3, &inputs->scopes, &inputs->n_scopes, &inputs->held[0]);
    if (ok == 1)
        ok = read_ranges(boilerplate, 2, &inputs->boilerplate, &inputs->n_boilerplate,
                         &inputs->held[1]);
    if (ok == 1)
        ok = read_ranges(sections, 3, &inputs->sections, &inputs->n_sections, &inputs->held[2]);
    if (ok == 1)
        ok = read_ranges(positions, 3, &inputs->positions, &inputs->n_positions,
                         &inputs->held[3]);
    if (ok != 1)
        return ok;
    if (!PyList_CheckExact(page_starts) || !PyList_CheckExact(page_numbers) ||
        PyList_GET_SIZE(page_starts) != PyList_GET_SIZE(page_numbers))
        return 0;
    Py_ssize_t size = inputs->n_pages = PyList_GET_SIZE(page_starts);
    if (size == 0)
        return 1;
    if ((inputs->held[4] = PyList_AsTuple(page_numbers)) == NULL)
        return -1;
    if ((inputs->page_starts = PyMem_New(Py_ssize_t, size)) == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < size; i++)
        if (!exact_size(PyList_GET_ITEM(page_starts, i), &inputs->page_starts[i]))
            return 0;
    return 1;
}

/* One hit's Occurrence in out[concept] (the body of the hit loop of _occurrences), or
 * nothing when the hit is boilerplate or a language name that claims no language. Returns
 * 1 when done, 0 when the hit is not handled here, -1 on error. */
static int add_occurrence(const Context *context, const Inputs *inputs, PyObject *out,
                          PyObject *hit, const HitFields *hit_fields, PyObject *text,
                          PyObject *keys, PyObject *seps, PyObject *skill_tokens,
                          PyObject *types, Py_ssize_t title_end,
                          PyObject *language_rejected) {
    Py_ssize_t start, end, first, last, concept;
    PyObject *concept_object = PyTuple_GET_ITEM(hit_fields->entry, 0);
    if (!exact_size(hit_fields->start, &start) || !exact_size(hit_fields->end, &end) ||
        !exact_size(hit_fields->first, &first) || !exact_size(hit_fields->last, &last) ||
        !exact_size(concept_object, &concept))
        return 0;
    /* Offsets and indices Python would wrap or clamp are left to it. */
    if (start < 0 || end < start || end > PyUnicode_GET_LENGTH(text) || first < 0 ||
        last < first || last >= PyList_GET_SIZE(keys) || concept < 0 ||
        concept >= PyList_GET_SIZE(types))
        return 0;
    if (range_at(inputs->boilerplate, inputs->n_boilerplate, start) != NULL)
        return 1;
    if (PyList_GET_ITEM(types, concept) == context->language) {
        PyObject *rejected = PyObject_Vectorcall(language_rejected, &hit, 1, NULL);
        int truth = rejected == NULL ? -1 : PyObject_IsTrue(rejected);
        Py_XDECREF(rejected);
        if (truth != 0)
            return truth < 0 ? -1 : 1;
    }
    const Range *scope = range_at(inputs->scopes, inputs->n_scopes, start);
    PyObject *assertion = scope == NULL ? context->claimed : scope->value;
    if (assertion == context->claimed) {
        int role = names_role(context, keys, seps, skill_tokens, start, title_end, first, last);
        if (role < 0)
            return -1;
        if (role)
            assertion = context->role;
    }
    PyObject *page = NULL; /* None */
    if (inputs->n_pages) {
        Py_ssize_t slot = page_slot(inputs->page_starts, inputs->n_pages, start);
        if (slot >= 0)
            page = PyTuple_GET_ITEM(inputs->held[4], slot);
    }
    const Range *section = range_at(inputs->sections, inputs->n_sections, start);
    const Range *position = range_at(inputs->positions, inputs->n_positions, start);
    PyObject *span_values[3] = {hit_fields->start, hit_fields->end, page};
    PyObject *span =
        build(context->new_model, context->span, span_template, span_keys, span_values, 3);
    if (span == NULL)
        return -1;
    PyObject *surface = PyUnicode_Substring(text, start, end);
    if (surface == NULL) {
        Py_DECREF(span);
        return -1;
    }
    /* NULL: the template's None (no section, no position, no page above). */
    PyObject *values[8] = {span,
                           surface,
                           section == NULL || section->value == Py_None ? NULL : section->value,
                           position == NULL || position->value == Py_None ? NULL : position->value,
                           hit_fields->kind,
                           assertion,
                           hit_fields->confidence,
                           hit_fields->reason};
    PyObject *occurrence = build(context->new_model, context->occurrence, occurrence_template,
                                 occurrence_keys, values, 8);
    Py_DECREF(span);
    Py_DECREF(surface);
    if (occurrence == NULL)
        return -1;
    PyObject *group = PyDict_GetItemWithError(out, concept_object);
    int failed;
    if (group != NULL) {
        failed = PyList_Append(group, occurrence);
    } else if (PyErr_Occurred()) {
        failed = -1;
    } else {
        PyObject *created = PyList_New(1);
        failed = created == NULL ? -1 : 0;
        if (created != NULL) {
            PyList_SET_ITEM(created, 0, Py_NewRef(occurrence));
            failed = PyDict_SetItem(out, concept_object, created);
            Py_DECREF(created);
        }
    }
    Py_DECREF(occurrence);
    return failed < 0 ? -1 : 1;
}

/* What occurrences() and mentions() return for ok (1 done, 0 handed back, -1 error): out,
 * None (the Python loop runs instead) or NULL. Takes out's reference. */
static PyObject *outcome(int ok, PyObject *out) {
    if (ok == 1)
        return out;
    Py_XDECREF(out);
    if (ok < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* TaxonomyExtractor._occurrences after its per-text preparation: the Occurrences of hits
 * grouped by concept in order of first occurrence, or None when an input is of a shape the
 * Python loop should handle. */
static PyObject *occurrences(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 15) {
        PyErr_SetString(PyExc_TypeError, "occurrences() takes 15 arguments");
        return NULL;
    }
    PyObject *hits = args[0], *text = args[1], *keys = args[2], *seps = args[3];
    PyObject *skill_tokens = args[4], *types = args[5], *page_numbers = args[10];
    PyObject *language_rejected = args[13];
    Context context;
    if (read_context(args[14], &context) < 0)
        return NULL;
    Py_ssize_t title_end;
    if (!PyList_CheckExact(hits) || !PyUnicode_CheckExact(text) || !PyList_CheckExact(keys) ||
        !PyList_CheckExact(types) || !exact_size(args[8], &title_end))
        Py_RETURN_NONE;
    PyObject *names[8] = {name_start, name_end,  name_first,      name_last,
                          name_entry, name_kind, name_confidence, name_reason};
    Py_ssize_t offsets[8];
    for (int i = 0; i < 8; i++)
        if ((offsets[i] = slot_offset(context.hit_type, names[i])) < 0)
            Py_RETURN_NONE;
    Inputs inputs = {0};
    PyObject *out = NULL;
    int ok = read_inputs(&inputs, args[6], args[7], args[9], page_numbers, args[11], args[12]);
    if (ok == 1 && (out = PyDict_New()) == NULL)
        ok = -1;
    for (Py_ssize_t i = 0; ok == 1 && i < PyList_GET_SIZE(hits); i++) {
        PyObject *hit = PyList_GET_ITEM(hits, i);
        HitFields fields;
        if (!read_hit(hit, context.hit_type, context.alias_entry, offsets, &fields)) {
            ok = 0;
            break;
        }
        /* The rules called back are Python code: hold the hit and its fields meanwhile. */
        PyObject *held[9] = {hit,          fields.start, fields.end,        fields.first,
                             fields.last,  fields.entry, fields.kind,       fields.confidence,
                             fields.reason};
        for (int j = 0; j < 9; j++)
            Py_INCREF(held[j]);
        ok = add_occurrence(&context, &inputs, out, hit, &fields, text, keys, seps,
                            skill_tokens, types, title_end, language_rejected);
        for (int j = 0; j < 9; j++)
            Py_DECREF(held[j]);
    }
    free_inputs(&inputs);
    return outcome(ok, out);
}

/* An Occurrence's fields that _mentions reads (borrowed from its __dict__). */
typedef struct {
    PyObject *assertion, *confidence, *position_index, *section_kind, *surface;
} OccurrenceFields;

/* Its fields when the occurrence is an exact Occurrence whose fields have the types
 * _occurrences gives them; 0 otherwise. */
static int read_occurrence(const Context *context, PyObject *occurrence,
                           OccurrenceFields *fields) {
    if ((PyObject *)Py_TYPE(occurrence) != context->occurrence)
        return 0;
    /* The occurrence holds its __dict__, so the fields stay alive once it is released. */
    PyObject *dict = PyObject_GenericGetDict(occurrence, NULL);
    if (dict == NULL) {
        PyErr_Clear();
        return 0;
    }
    Py_DECREF(dict);
    if (!PyDict_CheckExact(dict))
        return 0;
    PyObject *names[5] = {name_assertion, name_confidence, name_position_index,
                          name_section_kind, name_surface};
    PyObject **slots[5] = {&fields->assertion, &fields->confidence, &fields->position_index,
                           &fields->section_kind, &fields->surface};
    for (int i = 0; i < 5; i++)
        if ((*slots[i] = PyDict_GetItemWithError(dict, names[i])) == NULL) {
            PyErr_Clear();
            return 0;
        }
    PyObject *assertion = fields->assertion;
    return (assertion == context->claimed || assertion == context->role ||
            assertion == context->negated || assertion == context->aspirational) &&
           PyFloat_CheckExact(fields->confidence) &&
           (fields->position_index == Py_None || PyLong_CheckExact(fields->position_index)) &&
           (fields->section_kind == Py_None || PyUnicode_CheckExact(fields->section_kind));
}

/* A confidence and its round(confidence, 3). */
typedef struct {
    double value;
    PyObject *rounded;
} Rounded;

#define ROUNDED_KEPT 16

/* The per-text arguments of mentions(), and the confidences rounded so far. */
typedef struct {
    const Context *context;
    PyObject *concepts, *ref, *months;
    PyObject *template; /* the mentions' dict with this text's common values */
    int keep_unclaimed, is_resume;
    Rounded rounded[ROUNDED_KEPT];
    int n_rounded;
} MentionInputs;

/* round(value, 3) by Python's own round: its correctly rounded decimal conversion costs more
 * than the rest of a mention, and a text's confidences take a few values, so each value is
 * rounded once per text (same bits, same result). */
static PyObject *rounded(MentionInputs *in, double value) {
    for (int i = 0; i < in->n_rounded; i++)
        if (memcmp(&in->rounded[i].value, &value, sizeof value) == 0)
            return Py_NewRef(in->rounded[i].rounded);
    PyObject *unrounded = PyFloat_FromDouble(value);
    if (unrounded == NULL)
        return NULL;
    PyObject *args[2] = {unrounded, three};
    PyObject *result = PyObject_Vectorcall(in->context->round, args, 2, NULL);
    Py_DECREF(unrounded);
    if (result != NULL && in->n_rounded < ROUNDED_KEPT) {
        in->rounded[in->n_rounded].value = value;
        in->rounded[in->n_rounded++].rounded = Py_NewRef(result);
    }
    return result;
}

/* getattr(concept, name) for a field of an exact Concept: the lookup object.__getattribute__
 * makes (Concept does not override it), without the hook pydantic's __getattr__ puts in front
 * of it, which costs more than the lookup; getattr itself for anything else. */
static PyObject *concept_field(const Context *context, PyObject *concept, PyObject *name) {
    if ((PyObject *)Py_TYPE(concept) == context->concept) {
        PyObject *value = PyObject_GenericGetAttr(concept, name);
        if (value != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
            return value;
        PyErr_Clear();
    }
    return PyObject_GetAttr(concept, name);
}

/* The mention of one concept's occurrences (the body of the concept loop of _mentions) in
 * out, or none when no occurrence claims it and unclaimed ones are not kept. Returns 1 when
 * done, 0 when the occurrences are not handled here, -1 on error. */
static int add_mention(MentionInputs *in, PyObject *out, PyObject *concept,
                       PyObject *found) {
    const Context *context = in->context;
    /* Held across the months rule (Python code), and the mention's occurrences. */
    PyObject *held = PyList_AsTuple(found);
    if (held == NULL)
        return -1;
    /* It holds occurrences only (read_occurrence hands anything else back below), which
     * build() untracked; the mention holds it. */
    PyObject_GC_UnTrack(held);
    Py_ssize_t size = PyTuple_GET_SIZE(held);
    OccurrenceFields first_claimed = {0}, first_found = {0};
    Py_ssize_t claimed = 0;
    int negated = 0, all_aspirational = 1, all_role = 1, all_skills_sections = 1;
    double best = 0.0;
    PyObject *used = NULL; /* position indices of claimed and role occurrences, as a set */
    for (Py_ssize_t i = 0; i < size; i++) {
        OccurrenceFields fields;
        if (!read_occurrence(context, PyTuple_GET_ITEM(held, i), &fields)) {
            Py_XDECREF(used);
            Py_DECREF(held);
            return 0;
        }
        if (i == 0)
            first_found = fields;
        PyObject *assertion = fields.assertion;
        negated |= assertion == context->negated;
        all_aspirational &= assertion == context->aspirational;
        all_role &= assertion == context->role;
        if (assertion == context->claimed) {
            /* max() keeps the first of equal confidences; only the value is used. */
            double confidence = PyFloat_AS_DOUBLE(fields.confidence);
            if (claimed == 0) {
                first_claimed = fields;
                best = confidence;
            } else if (confidence > best) {
                best = confidence;
            }
            claimed++;
            int skills = fields.section_kind != Py_None
                             ? PyUnicode_Contains(fields.section_kind, skill_word) : 0;
            if (skills < 0) {
                Py_XDECREF(used);
                Py_DECREF(held);
                return -1;
            }
            all_skills_sections &= skills;
        }
        if (in->is_resume && fields.position_index != Py_None &&
            (assertion == context->claimed || assertion == context->role)) {
            if ((used == NULL && (used = PySet_New(NULL)) == NULL) ||
                PySet_Add(used, fields.position_index) < 0) {
                Py_XDECREF(used);
                Py_DECREF(held);
                return -1;
            }
        }
    }
    int any_used = used != NULL;
    if (claimed == 0 && !in->keep_unclaimed) {
        Py_XDECREF(used);
        Py_DECREF(held);
        return 1;
    }
    /* min(0.99, ...) returns 0.99 unless the value is below it, NaN included. The product is
     * stored before the sum so that no compiler fuses them into one rounding (Python rounds
     * each operation). */
    double confidence = 0.0;
    if (claimed == 1) {
        confidence = best < 0.99 ? best : 0.99;
    } else if (claimed > 1) {
        volatile double extra = 0.02 * (double)(claimed - 1);
        double sum = best + extra;
        confidence = sum < 0.99 ? sum : 0.99;
    }
    PyObject *months = Py_None, *last = Py_None, *pair = NULL;
    int section_only = 0;
    if (in->is_resume && claimed) {
        if (any_used) {
            pair = PyObject_Vectorcall(in->months, &used, 1, NULL);
            Py_CLEAR(used);
            if (pair == NULL) {
                Py_DECREF(held);
                return -1;
            }
            if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2) {
                Py_DECREF(pair);
                Py_DECREF(held);
                return 0;
            }
            months = PyTuple_GET_ITEM(pair, 0);
            last = PyTuple_GET_ITEM(pair, 1);
        }
        section_only = !any_used && all_skills_sections;
    }
    Py_XDECREF(used); /* made but not asked for: not a resume's claimed skill */
    PyObject *values[16] = {NULL};
    values[6] = held;
    PyObject *concept_fields[4] = {name_id, name_label, name_type, name_category};
    int result = -1;
    for (int i = 0; i < 4; i++)
        if ((values[1 + i] = concept_field(context, concept, concept_fields[i])) == NULL)
            goto done;
    if ((values[7] = rounded(in, confidence)) == NULL)
        goto done;
    /* schema_version, source and taxonomy are the template's; so are False and None. */
    values[5] = Py_NewRef(claimed ? first_claimed.surface : first_found.surface);
    values[10] = claimed == 0 && negated ? Py_NewRef(Py_True) : NULL;
    values[11] = claimed == 0 && all_aspirational ? Py_NewRef(Py_True) : NULL;
    values[12] = claimed == 0 && all_role ? Py_NewRef(Py_True) : NULL;
    values[13] = section_only ? Py_NewRef(Py_True) : NULL;
    values[14] = months == Py_None ? NULL : Py_NewRef(months);
    values[15] = last == Py_None ? NULL : Py_NewRef(last);
    PyObject *mention =
        build(context->new_model, context->skill_mention, in->template, mention_keys, values, 16);
    if (mention != NULL) {
        result = PyList_Append(out, mention) < 0 ? -1 : 1;
        Py_DECREF(mention);
    }
done:
    for (int i = 0; i < 16; i++)
        Py_XDECREF(values[i]);
    Py_XDECREF(pair);
    return result;
}

/* TaxonomyExtractor._mentions: one SkillMention per concept of grouped, or None when an
 * input is of a shape the Python loop should handle. */
static PyObject *mentions(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 7) {
        PyErr_SetString(PyExc_TypeError, "mentions() takes 7 arguments");
        return NULL;
    }
    Context context;
    if (read_context(args[6], &context) < 0)
        return NULL;
    MentionInputs in = {.context = &context, .concepts = args[1], .ref = args[4],
                        .months = args[5]};
    PyObject *grouped = args[0];
    if (!PyDict_CheckExact(grouped) || !PyTuple_CheckExact(in.concepts) ||
        (in.keep_unclaimed = PyObject_IsTrue(args[2])) < 0 ||
        (in.is_resume = PyObject_IsTrue(args[3])) < 0) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE;
    }
    /* schema_version, source, taxonomy, then the flags False and months and last None. */
    PyObject *common[9] = {context.schema_version, context.source, in.ref, Py_False, Py_False,
                           Py_False, Py_False, Py_None, Py_None};
    int common_fields[9] = {0, 8, 9, 10, 11, 12, 13, 14, 15};
    if ((in.template = PyDict_Copy(mention_template)) == NULL)
        return NULL;
    for (int i = 0; i < 9; i++)
        if (PyDict_SetItem(in.template, mention_keys[common_fields[i]], common[i]) < 0) {
            Py_DECREF(in.template);
            return NULL;
        }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        Py_DECREF(in.template);
        return NULL;
    }
    Py_ssize_t position = 0, initial = PyDict_GET_SIZE(grouped);
    PyObject *key, *found;
    int ok = 1;
    while (ok == 1 && PyDict_Next(grouped, &position, &key, &found)) {
        Py_ssize_t index;
        if (!exact_size(key, &index) || index < 0 ||
            index >= PyTuple_GET_SIZE(in.concepts) || !PyList_CheckExact(found) ||
            PyList_GET_SIZE(found) == 0) {
            ok = 0;
            break;
        }
        /* The months callback runs Python code: hold what it could drop. */
        Py_INCREF(found);
        ok = add_mention(&in, out, PyTuple_GET_ITEM(in.concepts, index), found);
        Py_DECREF(found);
        if (ok == 1 && PyDict_GET_SIZE(grouped) != initial) {
            PyErr_SetString(PyExc_RuntimeError, "dictionary changed size during iteration");
            ok = -1;
        }
    }
    for (int i = 0; i < in.n_rounded; i++)
        Py_DECREF(in.rounded[i].rounded);
    Py_DECREF(in.template);
    return outcome(ok, out);
}

static PyMethodDef methods[] = {
    {"occurrences", (PyCFunction)(void (*)(void))occurrences, METH_FASTCALL,
     "occurrences(hits, text, keys, seps, skill_tokens, types, scopes, boilerplate, "
     "title_end, page_starts, page_numbers, sections, positions, language_rejected, context) "
     "-> dict | None, as TaxonomyExtractor._occurrences."},
    {"mentions", (PyCFunction)(void (*)(void))mentions, METH_FASTCALL,
     "mentions(grouped, concepts, keep_unclaimed, is_resume, ref, months, context) "
     "-> list | None, as TaxonomyExtractor._mentions."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Skill-mention assembly accelerator.", -1, methods,
    NULL, NULL, NULL, NULL,
};

static PyObject *template_of(PyObject *const *keys, int count) {
    PyObject *dict = PyDict_New();
    for (int i = 0; dict != NULL && i < count; i++)
        if (PyDict_SetItem(dict, keys[i], Py_None) < 0)
            Py_CLEAR(dict);
    return dict;
}

PyMODINIT_FUNC PyInit__native(void) {
    struct {
        PyObject **slot;
        const char *text;
    } names[] = {
        {&name_start, "start"},
        {&name_end, "end"},
        {&name_page, "page"},
        {&name_first, "first"},
        {&name_last, "last"},
        {&name_entry, "entry"},
        {&name_kind, "kind"},
        {&name_confidence, "confidence"},
        {&name_reason, "reason"},
        {&name_span, "span"},
        {&name_surface, "surface"},
        {&name_section_kind, "section_kind"},
        {&name_position_index, "position_index"},
        {&name_match, "match"},
        {&name_assertion, "assertion"},
        {&name_schema_version, "schema_version"},
        {&name_concept_id, "concept_id"},
        {&name_label, "label"},
        {&name_type, "type"},
        {&name_category, "category"},
        {&name_occurrences, "occurrences"},
        {&name_source, "source"},
        {&name_taxonomy, "taxonomy"},
        {&name_negated, "negated"},
        {&name_aspirational, "aspirational"},
        {&name_role_only, "role_only"},
        {&name_skills_section_only, "skills_section_only"},
        {&name_months_used, "months_used"},
        {&name_last_used, "last_used"},
        {&name_id, "id"},
        {&skill_word, "skill"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (*names[i].slot == NULL &&
            (*names[i].slot = PyUnicode_InternFromString(names[i].text)) == NULL)
            return NULL;
    if (three == NULL && (three = PyLong_FromLong(3)) == NULL)
        return NULL;
    PyObject *spans[3] = {name_start, name_end, name_page};
    PyObject *occurrences[8] = {name_span,  name_surface,   name_section_kind, name_position_index,
                                name_match, name_assertion, name_confidence,   name_reason};
    PyObject *mentions[16] = {
        name_schema_version, name_concept_id, name_label,       name_type,
        name_category,       name_surface,    name_occurrences, name_confidence,
        name_source,         name_taxonomy,   name_negated,     name_aspirational,
        name_role_only, name_skills_section_only, name_months_used, name_last_used,
    };
    memcpy(span_keys, spans, sizeof spans);
    memcpy(occurrence_keys, occurrences, sizeof occurrences);
    memcpy(mention_keys, mentions, sizeof mentions);
    if ((span_template == NULL && (span_template = template_of(span_keys, 3)) == NULL) ||
        (occurrence_template == NULL &&
         (occurrence_template = template_of(occurrence_keys, 8)) == NULL) ||
        (mention_template == NULL && (mention_template = template_of(mention_keys, 16)) == NULL))
        return NULL;
    return PyModule_Create(&module);
}
