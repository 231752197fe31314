/* Optional accelerator of candidate resolution (typed by the Native protocol in
 * _rules_accelerator.py).
 *
 * resolve() runs TaxonomyExtractor._resolve's two passes after the scan: _plain (with _fits)
 * for every uncovered first token, then _contextual (_decide, _mutual) for the rest. widen()
 * is TaxonomyExtractor._widen. Every function below names its Python counterpart, which stays
 * the statement of the rule: the C makes the same tests in the same order over the same
 * objects (the constants, sets and dicts come from Python), and asks Python for the layout
 * questions that rest on regular expressions (segments, list segments, skills zones) and for
 * a concept's field and broader set. Anything unexpected in the input (a key that is no str,
 * an offset outside the text, an unknown ambiguity) returns None: the caller then runs the
 * Python path for the whole text. Both paths give identical hits
 * (tests/test_extraction_rules_native.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <structmember.h>

/* ---- the rules' constants, unpacked from the tuple the Python side builds --------------- */

enum {
    R_HIT_TYPE, R_NONE, R_CASE, R_CONTEXT, R_VARIANT, R_TOOL, R_LANGUAGE, R_CONFIDENCE,
    R_REASON_CONFIDENCE, R_US_STATES, R_COMMONS, R_GENERIC_TAILS, R_ROLE_NOUNS, R_NAME_TAILS,
    R_SENTENCE_BREAK, R_LANGUAGE_CUES, R_ITEM_BREAKS, R_PERSON_ENDINGS, R_WINDOW, R_TYPES,
    R_CONCEPTS, R_FAMILY, R_FAMILIES, R_LINKS, R_LINK, R_COUNT
};

typedef struct {
    Py_ssize_t first, last, concept, segment;
    PyObject *entry, *kind, *confidence, *reason; /* borrowed */
    PyObject *links; /* owned: facts' cache entry once asked (_Facts.links), else NULL */
} Hit;

/* Where the _Hit dataclass keeps its fields (its slots), to fill a new one directly: its
 * __init__ only stores them, and is a Python call per hit otherwise. */
enum { F_FIRST, F_LAST, F_ENTRY, F_KIND, F_CONFIDENCE, F_REASON, F_START, F_END, F_COUNT };
static const char *const hit_fields[F_COUNT] = {"first", "last", "entry", "kind",
                                                "confidence", "reason", "start", "end"};

typedef struct {
    PyTypeObject *type;
    Py_ssize_t offsets[F_COUNT];
    int direct; /* 0: call the type instead (its fields are not plain object slots) */
} HitMaker;

typedef struct {
    PyObject *segment; /* owned */
    Py_ssize_t number; /* its position in the segments array */
    Py_ssize_t begin, end, hits_from, hits_to;
    PyObject **families; /* owned references, hits_to - hits_from of them */
    int list_like;       /* -1: not worked out yet */
    int labelled;        /* -1: not worked out yet */
} Segment;

typedef struct {
    PyObject *text;
    int kind;
    const void *data;
    Py_ssize_t length, count;
    PyObject **keys, **seps; /* borrowed from the token lists */
    Py_ssize_t *starts, *ends;
    char *skill_start;
    PyObject *const *rules;
    PyObject *layout;
    Py_ssize_t window;
    HitMaker maker;
    /* TextLayout.skill_zones(), read on first need: n_zones -1 before, -2 when odd (then
     * in_skill_zone is asked of the layout itself) */
    Py_ssize_t n_zones, *zones;
    /* TextLayout.segment_table(), read on first need: n_lines -1 before, -2 when odd (then
     * segment_of and segment_bounds are asked of the layout itself). A line cut into
     * sentences has its sentence starts at split_starts[split_from[line]], split_count[line]
     * of them; split_from is -1 for a line of one sentence. */
    Py_ssize_t n_lines, *line_starts, *split_from, *split_count, *split_starts, text_length;
    /* the candidates' first and last tokens, read once (checked by check_candidates) */
    PyObject *candidates;
    Py_ssize_t *cand_first, *cand_last;
    /* the match kinds _CONFIDENCE names (an entry's kind must be one of them) */
    PyObject *kinds[8];
    Py_ssize_t n_kinds;
    /* whether a segment holds a hit of a concept's field or linked to it (decide's "same"
     * not empty), by segment number * number of concepts + concept */
    PyObject *has_same;
    /* reasons */
    PyObject *empty, *capitalisation, *skills_section, *skills_list, *neighbours, *mutual;
} Ctx;

static PyObject *s_segment_of, *s_segment_bounds, *s_segment_table, *s_is_labelled_segment,
    *s_skill_zones, *s_in_skill_zone,
    *s_segment_words, *s_id, *s_category, *s_related, *s_broader, *s_first, *s_last, *s_entry,
    *s_kind, *s_start, *s_end, *s_lower, *s_casefold;

#define RULE(c, i) ((c)->rules[(i)])

/* ---- str tests with Python's semantics (unicodeobject.c) --------------------------------- */

static inline __attribute__((always_inline)) Py_UCS4 ch_at(PyObject *s, Py_ssize_t i) {
    return PyUnicode_READ(PyUnicode_KIND(s), PyUnicode_DATA(s), i);
}

/* str.isupper() (upper 1) or str.islower() (upper 0) of s[from:to]: no character of the
 * other case or title case, and at least one of the case asked for */
static int cased(PyObject *s, Py_ssize_t from, Py_ssize_t to, int upper) {
    int found = 0;
    for (Py_ssize_t i = from; i < to; i++) {
        Py_UCS4 ch = ch_at(s, i);
        if ((upper ? Py_UNICODE_ISLOWER(ch) : Py_UNICODE_ISUPPER(ch)) || Py_UNICODE_ISTITLE(ch))
            return 0;
        if (!found)
            found = upper ? Py_UNICODE_ISUPPER(ch) : Py_UNICODE_ISLOWER(ch);
    }
    return found;
}

static inline int is_upper(PyObject *s, Py_ssize_t from, Py_ssize_t to) {
    return cased(s, from, to, 1);
}

static inline int is_lower(PyObject *s, Py_ssize_t from, Py_ssize_t to) {
    return cased(s, from, to, 0);
}

static int is_alpha(PyObject *s, Py_ssize_t from, Py_ssize_t to) {
    if (to <= from)
        return 0;
    for (Py_ssize_t i = from; i < to; i++)
        if (!Py_UNICODE_ISALPHA(ch_at(s, i)))
            return 0;
    return 1;
}

/* a == b for two str */
static int str_eq(PyObject *a, PyObject *b) {
    if (a == b)
        return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    if (n != PyUnicode_GET_LENGTH(b) || PyUnicode_KIND(a) != PyUnicode_KIND(b))
        return 0;
    return memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), n * PyUnicode_KIND(a)) == 0;
}

/* s == "literal" (ASCII) */
static int str_is(PyObject *s, const char *literal) {
    Py_ssize_t n = (Py_ssize_t)strlen(literal);
    if (PyUnicode_GET_LENGTH(s) != n)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (ch_at(s, i) != (Py_UCS4)(unsigned char)literal[i])
            return 0;
    return 1;
}

static int has_newline(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    for (Py_ssize_t i = 0; i < n; i++)
        if (ch_at(s, i) == '\n')
            return 1;
    return 0;
}

/* item in a set (1, 0, -1 on error) */
static inline int in_set(PyObject *set, PyObject *item) { return PySet_Contains(set, item); }

/* s.method() for a str method without arguments ("lower", "casefold") */
static PyObject *str_method(PyObject *s, PyObject *name) {
    PyObject *out = PyObject_CallMethodNoArgs(s, name);
    if (out != NULL && !PyUnicode_Check(out)) {
        Py_DECREF(out);
        PyErr_SetString(PyExc_TypeError, "a str method returned no str");
        return NULL;
    }
    return out;
}

/* ---- tokens -------------------------------------------------------------------------------- */

/* text[starts[first]:ends[last]] (new reference) */
static PyObject *surface(Ctx *c, Py_ssize_t first, Py_ssize_t last) {
    Py_ssize_t from = c->starts[first], to = c->ends[last];
    if (to < from)
        to = from;
    return PyUnicode_Substring(c->text, from, to);
}

static inline Py_UCS4 text_at(Ctx *c, Py_ssize_t i) { return PyUnicode_READ(c->kind, c->data, i); }

/* TextLayout.sentence_initial */
static int sentence_initial(Ctx *c, Py_ssize_t token) {
    if (token == 0 || has_newline(c->seps[token]))
        return 1;
    int found = in_set(RULE(c, R_SENTENCE_BREAK), c->keys[token - 1]);
    if (found)
        return found;
    PyObject *sep = c->seps[token];
    return PyUnicode_GET_LENGTH(sep) == 2 && ch_at(sep, 1) == ' ' &&
           (ch_at(sep, 0) == '-' || ch_at(sep, 0) == 0x2013);
}

/* _capitalised_word */
static int capitalised_word(Ctx *c, Py_ssize_t index) {
    if (index < 0 || index >= c->count)
        return 0;
    Py_ssize_t from = c->starts[index], to = c->ends[index];
    if (to <= from)
        return 0;
    PyObject *t = c->text;
    return is_upper(t, from, from + 1) && is_lower(t, from + 1, to) && is_alpha(t, from, to);
}

/* _glued: _GLUE.match(text, end) or a "-"/"&" before the start after a letter */
static int glued(Ctx *c, Py_ssize_t first, Py_ssize_t last) {
    Py_ssize_t end = c->ends[last], start = c->starts[first];
    if (end + 1 < c->length) {
        Py_UCS4 mark = text_at(c, end), next = text_at(c, end + 1);
        if ((mark == '-' || mark == 0x2010 || mark == 0x2011 || mark == '&') &&
            ((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z')))
            return 1;
    }
    if (start >= 2 && start - 1 < c->length) {
        Py_UCS4 mark = text_at(c, start - 1);
        return (mark == '-' || mark == '&') && Py_UNICODE_ISALPHA(text_at(c, start - 2));
    }
    return 0;
}

/* _whole_item */
static int whole_item(Ctx *c, Py_ssize_t first, Py_ssize_t last, int opening) {
    Py_ssize_t after = last + 1;
    int before_ok = first == 0 || has_newline(c->seps[first]);
    if (!before_ok) {
        int breaks = in_set(RULE(c, R_ITEM_BREAKS), c->keys[first - 1]);
        if (breaks < 0)
            return -1;
        before_ok = breaks && (opening || !str_is(c->keys[first - 1], "("));
    }
    if (!before_ok)
        return 0;
    if (after >= c->count || has_newline(c->seps[after]))
        return 1;
    int breaks = in_set(RULE(c, R_ITEM_BREAKS), c->keys[after]);
    if (breaks < 0)
        return -1;
    return breaks && (opening || !str_is(c->keys[after], "("));
}

/* _case_ok(surface, authored) */
static int case_ok(PyObject *written, PyObject *authored) {
    Py_ssize_t n = PyUnicode_Tailmatch(written, authored, 0, PY_SSIZE_T_MAX, -1);
    if (n != 0)
        return (int)n;
    if (!is_upper(authored, 0, PyUnicode_GET_LENGTH(authored)) ||
        !is_upper(written, 0, PyUnicode_GET_LENGTH(written)))
        return 0;
    PyObject *a = str_method(written, s_casefold);
    if (a == NULL)
        return -1;
    PyObject *b = str_method(authored, s_casefold);
    if (b == NULL) {
        Py_DECREF(a);
        return -1;
    }
    n = PyUnicode_Tailmatch(a, b, 0, PY_SSIZE_T_MAX, -1);
    Py_DECREF(a);
    Py_DECREF(b);
    return (int)n;
}

/* _acronym_ok(layout, first, written, authored) */
static int acronym_ok(Ctx *c, Py_ssize_t first, PyObject *written, PyObject *authored) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(written);
    if (str_eq(written, authored) || is_upper(written, 0, n) || is_lower(written, 0, n))
        return 1;
    if (n >= 1 && ch_at(written, n - 1) == 's' && PyUnicode_GET_LENGTH(authored) == n - 1) {
        PyObject *stem = PyUnicode_Substring(written, 0, n - 1);
        if (stem == NULL)
            return -1;
        int same = str_eq(stem, authored);
        Py_DECREF(stem);
        if (same)
            return 1; /* the plural of an acronym: "APIs" */
    }
    if (!(is_upper(written, 0, n < 1 ? 0 : 1) && is_lower(written, 1, n)) ||
        PyUnicode_GET_LENGTH(authored) <= 3)
        return 0;
    PyObject *lowered = str_method(written, s_lower);
    if (lowered == NULL)
        return -1;
    int common = in_set(RULE(c, R_COMMONS), lowered);
    Py_DECREF(lowered);
    if (common)
        return common < 0 ? -1 : 0;
    if (has_newline(c->seps[first]) || !capitalised_word(c, first - 1))
        return 1;
    return sentence_initial(c, first);
}

/* _after_place(layout, index) */
static int after_place(Ctx *c, Py_ssize_t index) {
    Py_ssize_t before = index - 1;
    if (before >= 0 && str_is(c->keys[before], ","))
        before -= 1;
    return !has_newline(c->seps[before + 1]) && capitalised_word(c, before) &&
           !capitalised_word(c, index + 1);
}

/* _in_proper_name(layout, candidate) */
static int in_proper_name(Ctx *c, Py_ssize_t last) {
    Py_ssize_t after = last + 1;
    if (!(after < c->count && str_is(c->seps[after], " ") && capitalised_word(c, after) &&
          !c->skill_start[after]))
        return 0;
    PyObject *key = c->keys[after];
    int found = in_set(RULE(c, R_GENERIC_TAILS), key);
    if (!found)
        found = in_set(RULE(c, R_ROLE_NOUNS), key);
    if (!found)
        found = in_set(RULE(c, R_NAME_TAILS), key);
    return found < 0 ? -1 : !found;
}

/* _QUANTITY.fullmatch(s): r"\d+[kmb]" (\d is any Unicode decimal, as in re) */
static int quantity(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (n < 2)
        return 0;
    for (Py_ssize_t i = 0; i < n - 1; i++)
        if (!Py_UNICODE_ISDECIMAL(ch_at(s, i)))
            return 0;
    Py_UCS4 unit = ch_at(s, n - 1);
    return unit == 'k' || unit == 'm' || unit == 'b';
}

/* the type of concept index, borrowed (its index was checked against the list) */
static PyObject *type_of(Ctx *c, Py_ssize_t concept) {
    PyObject *types = RULE(c, R_TYPES);
    return concept < PyList_GET_SIZE(types) ? PyList_GET_ITEM(types, concept) : NULL;
}

/* TaxonomyExtractor._fits */
static int fits(Ctx *c, PyObject *entry, Py_ssize_t first, Py_ssize_t last) {
    PyObject *authored = PyTuple_GET_ITEM(entry, 1);
    Py_ssize_t concept = PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 0));
    Py_ssize_t length = PyUnicode_GET_LENGTH(authored);
    if (first == last && length > 1 && is_upper(authored, 0, length)) {
        PyObject *written = surface(c, first, first);
        if (written == NULL)
            return -1;
        int ok = 1;
        if (!str_eq(written, authored))
            ok = acronym_ok(c, first, written, authored);
        if (ok == 1) {
            int state = in_set(RULE(c, R_US_STATES), written);
            if (state)
                ok = state < 0 ? -1 : !after_place(c, first);
        }
        Py_DECREF(written);
        if (ok != 1)
            return ok;
    }
    Py_ssize_t after = last + 1;
    if (PyTuple_GET_ITEM(entry, 3) == RULE(c, R_CONTEXT) && after < c->count &&
        str_is(c->seps[after], " ")) {
        int proper = in_proper_name(c, last);
        if (proper)
            return proper < 0 ? -1 : 0;
    }
    if (PyTuple_GET_ITEM(entry, 2) == RULE(c, R_VARIANT)) {
        Py_ssize_t space = PyUnicode_FindChar(authored, ' ', 0, length, -1);
        if (space == -2)
            return -1;
        PyObject *word = PyUnicode_Substring(authored, space + 1, length);
        if (word == NULL)
            return -1;
        PyObject *last_word = str_method(word, s_lower);
        Py_DECREF(word);
        if (last_word == NULL)
            return -1;
        PyObject *written_last = c->keys[last];
        int ok = 1;
        if (quantity(written_last)) {
            ok = 0; /* "8-K" joined reads as a quantity */
        } else if (!str_eq(written_last, last_word) &&
                   PyUnicode_GET_LENGTH(written_last) > 0 &&
                   ch_at(written_last, PyUnicode_GET_LENGTH(written_last) - 1) == 's') {
            PyObject *endings = RULE(c, R_PERSON_ENDINGS);
            Py_ssize_t person = 0;
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(endings) && !person; i++) {
                person = PyUnicode_Tailmatch(last_word, PyTuple_GET_ITEM(endings, i), 0,
                                             PY_SSIZE_T_MAX, 1);
                if (person < 0)
                    ok = -1;
            }
            if (ok == 1 && person && type_of(c, concept) != RULE(c, R_TOOL))
                ok = 0;
        }
        Py_DECREF(last_word);
        return ok;
    }
    return 1;
}

/* whether _fits can reject the entry at all (the test _plain and _decide make first) */
static int may_not_fit(Ctx *c, PyObject *entry, int one_token) {
    PyObject *authored = PyTuple_GET_ITEM(entry, 1);
    Py_ssize_t length = PyUnicode_GET_LENGTH(authored);
    return (one_token && length > 1 && is_upper(authored, 0, length)) ||
           PyTuple_GET_ITEM(entry, 3) == RULE(c, R_CONTEXT) ||
           PyTuple_GET_ITEM(entry, 2) == RULE(c, R_VARIANT);
}

static void set_hit(Hit *hit, Py_ssize_t first, Py_ssize_t last, PyObject *entry,
                    PyObject *confidence, PyObject *reason) {
    hit->first = first;
    hit->last = last;
    hit->entry = entry;
    hit->kind = PyTuple_GET_ITEM(entry, 2);
    hit->concept = PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 0));
    hit->confidence = confidence;
    hit->reason = reason;
    hit->segment = -1;
    hit->links = NULL;
}

/* TaxonomyExtractor._plain: 1 with *hit set, 0 for none, -1 on error */
static int plain(Ctx *c, Py_ssize_t from, Py_ssize_t to, Hit *hit) {
    for (Py_ssize_t index = to - 1; index >= from; index--) {
        PyObject *candidate = PyList_GET_ITEM(c->candidates, index);
        Py_ssize_t first = c->cand_first[index], last = c->cand_last[index];
        PyObject *entries = PyTuple_GET_ITEM(candidate, 2);
        for (Py_ssize_t e = 0; e < PyTuple_GET_SIZE(entries); e++) {
            PyObject *entry = PyTuple_GET_ITEM(entries, e);
            if (may_not_fit(c, entry, first == last)) {
                int ok = fits(c, entry, first, last);
                if (ok < 0)
                    return -1;
                if (!ok)
                    continue;
            }
            PyObject *ambiguity = PyTuple_GET_ITEM(entry, 3);
            if (ambiguity == RULE(c, R_NONE)) {
                PyObject *confidence =
                    PyDict_GetItemWithError(RULE(c, R_CONFIDENCE), PyTuple_GET_ITEM(entry, 2));
                if (confidence == NULL) {
                    if (!PyErr_Occurred())
                        PyErr_SetString(PyExc_KeyError, "a match kind without a confidence");
                    return -1;
                }
                set_hit(hit, first, last, entry, confidence, NULL);
                return 1;
            }
            if (ambiguity != RULE(c, R_CASE))
                continue;
            PyObject *written = surface(c, first, last);
            if (written == NULL)
                return -1;
            int ok = case_ok(written, PyTuple_GET_ITEM(entry, 1));
            Py_DECREF(written);
            if (ok < 0)
                return -1;
            int initial = ok ? sentence_initial(c, first) : 0;
            if (initial < 0)
                return -1;
            if (initial) {
                ok = whole_item(c, first, last, 0);
                if (ok < 0)
                    return -1;
            }
            if (ok && !glued(c, first, last)) {
                set_hit(hit, first, last, entry, NULL, c->capitalisation);
                return 1;
            }
        }
    }
    return 0;
}

/* ---- layout and facts, asked of Python ------------------------------------------------------ */

/* The Py_ssize_t of an exact int into *out: 0 (none set, no error) for a value of another
 * type or one out of range. */
static int exact_int(PyObject *value, Py_ssize_t *out) {
    if (!PyLong_CheckExact(value))
        return 0;
    *out = PyLong_AsSsize_t(value);
    if (*out == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    return 1;
}

static int two_ints(PyObject *pair, Py_ssize_t *a, Py_ssize_t *b) {
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
        !PyLong_Check(PyTuple_GET_ITEM(pair, 0)) || !PyLong_Check(PyTuple_GET_ITEM(pair, 1))) {
        PyErr_SetString(PyExc_TypeError, "the layout answered no pair of ints");
        return -1;
    }
    *a = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 0));
    *b = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 1));
    return (*a == -1 || *b == -1) && PyErr_Occurred() ? -1 : 0;
}

/* a yes/no question of the layout: method(*args) */
static int ask(Ctx *c, PyObject *method, PyObject *a, PyObject *b) {
    PyObject *answer = PyObject_CallMethodObjArgs(c->layout, method, a, b, NULL);
    if (answer == NULL)
        return -1;
    int yes = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return yes;
}

/* TextLayout._labelled_segment: its regular expression needs one of ":", "-", "–" or "|"
 * after the label, so a segment without any is no labelled one (the layout's own shortcut,
 * here without a call); the others are asked of the layout, once per segment. */
static int labelled(Ctx *c, Segment *segment) {
    if (segment->labelled >= 0)
        return segment->labelled;
    int marks = 0;
    Py_ssize_t end = segment->end < c->length ? segment->end : c->length;
    for (Py_ssize_t i = segment->begin < 0 ? 0 : segment->begin; i < end && !marks; i++) {
        Py_UCS4 ch = text_at(c, i);
        marks = ch == ':' || ch == '-' || ch == 0x2013 || ch == '|';
    }
    segment->labelled = marks ? ask(c, s_is_labelled_segment, segment->segment, NULL) : 0;
    return segment->labelled;
}

/* the layout's skills zones, read once (1), or odd (0) */
static int read_zones(Ctx *c) {
    if (c->n_zones != -1)
        return c->n_zones >= 0 ? 1 : (c->n_zones == -2 ? 0 : -1);
    PyObject *zones = PyObject_CallMethodNoArgs(c->layout, s_skill_zones);
    if (zones == NULL)
        return -1;
    c->n_zones = -2;
    if (PyList_CheckExact(zones)) {
        Py_ssize_t n = PyList_GET_SIZE(zones);
        c->zones = PyMem_Malloc((n ? 2 * n : 1) * sizeof(Py_ssize_t));
        if (c->zones == NULL) {
            Py_DECREF(zones);
            PyErr_NoMemory();
            return -1;
        }
        Py_ssize_t i = 0;
        for (; i < n; i++) {
            PyObject *zone = PyList_GET_ITEM(zones, i);
            if (!PyTuple_CheckExact(zone) || PyTuple_GET_SIZE(zone) != 2 ||
                !exact_int(PyTuple_GET_ITEM(zone, 0), &c->zones[2 * i]) ||
                !exact_int(PyTuple_GET_ITEM(zone, 1), &c->zones[2 * i + 1]))
                break;
        }
        if (i == n)
            c->n_zones = n;
    }
    Py_DECREF(zones);
    return c->n_zones >= 0;
}

/* TextLayout.in_skill_zone(offset, segment) */
static int in_skill_zone(Ctx *c, Py_ssize_t offset, Segment *segment) {
    int known = read_zones(c);
    if (known < 0)
        return -1;
    if (!known) { /* zones of another shape: the layout answers */
        PyObject *at = PyLong_FromSsize_t(offset);
        if (at == NULL)
            return -1;
        int yes = ask(c, s_in_skill_zone, at, segment->segment);
        Py_DECREF(at);
        return yes;
    }
    for (Py_ssize_t i = 0; i < c->n_zones; i++)
        if (c->zones[2 * i] <= offset && offset < c->zones[2 * i + 1])
            return 1;
    return labelled(c, segment);
}

/* the first test of TextLayout.is_list_segment: three or more non-blank pieces between
 * separators (_SEPARATORS: one of ",;|•·▪●◦" or a tab, or " / "), seven in ten of them three
 * words or shorter (str.split's words: runs of non-space) */
static int separated_list(Ctx *c, Py_ssize_t begin, Py_ssize_t end) {
    Py_ssize_t pieces = 0, short_pieces = 0, words = 0;
    int in_word = 0;
    if (begin < 0)
        begin = 0;
    if (end > c->length)
        end = c->length;
    for (Py_ssize_t i = begin; i <= end; i++) {
        Py_ssize_t cut = 0; /* the separator's length at i, or 0 */
        Py_UCS4 ch = i < end ? text_at(c, i) : 0;
        if (i == end)
            cut = 1;
        else if (ch == ',' || ch == ';' || ch == '|' || ch == 0x2022 || ch == 0xB7 ||
                 ch == 0x25AA || ch == 0x25CF || ch == 0x25E6 || ch == '\t')
            cut = 1;
        else if (ch == ' ' && i + 2 < end && text_at(c, i + 1) == '/' && text_at(c, i + 2) == ' ')
            cut = 3;
        if (cut) {
            if (words > 0) { /* p.strip() is not empty */
                pieces++;
                short_pieces += words <= 3;
            }
            words = 0;
            in_word = 0;
            i += cut - 1;
            continue;
        }
        if (Py_UNICODE_ISSPACE(ch)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return pieces >= 3 && short_pieces * 10 >= pieces * 7;
}

/* bisect.bisect_left / bisect_right over the token starts */
static Py_ssize_t bisect(const Py_ssize_t *values, Py_ssize_t n, Py_ssize_t x, int right) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (right ? x < values[mid] : x <= values[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* TextLayout.word_tokens(first, last): keys led by a letter or digit */
static Py_ssize_t word_tokens(Ctx *c, Py_ssize_t first, Py_ssize_t last) {
    Py_ssize_t words = 0;
    for (Py_ssize_t i = first; i < last && i < c->count; i++)
        if (PyUnicode_GET_LENGTH(c->keys[i]) > 0 && Py_UNICODE_ISALNUM(ch_at(c->keys[i], 0)))
            words++;
    return words;
}

/* cache[index] of one of the facts' caches, or compute(index) (which fills the cache) for a
 * concept not seen yet: a new reference, since Python code may run while it is in use and a
 * thread sharing the facts may store its own value for the same concept */
static PyObject *remembered(PyObject *cache, PyObject *compute, Py_ssize_t index) {
    PyObject *at = PyLong_FromSsize_t(index);
    if (at == NULL)
        return NULL;
    PyObject *value = PyDict_GetItemWithError(cache, at);
    if (value != NULL)
        Py_INCREF(value);
    else if (!PyErr_Occurred())
        value = PyObject_CallOneArg(compute, at);
    Py_DECREF(at);
    return value;
}

/* facts.family(index): the concept's field, a str (new reference) */
static PyObject *family_of(Ctx *c, Py_ssize_t index) {
    PyObject *family = remembered(RULE(c, R_FAMILIES), RULE(c, R_FAMILY), index);
    if (family != NULL && (!PyUnicode_Check(family) || PyUnicode_READY(family) < 0)) {
        Py_DECREF(family);
        PyErr_SetString(PyExc_TypeError, "a concept's field is no str");
        return NULL;
    }
    return family;
}

/* ---- context rules -------------------------------------------------------------------------- */

/* _Facts.links(index): (id, category, related, broader, broader as a set), new reference */
static PyObject *links_of(Ctx *c, Py_ssize_t index) {
    PyObject *links = remembered(RULE(c, R_LINKS), RULE(c, R_LINK), index);
    if (links != NULL && (!PyTuple_Check(links) || PyTuple_GET_SIZE(links) != 5 ||
                          !PyAnySet_Check(PyTuple_GET_ITEM(links, 4)))) {
        Py_DECREF(links);
        PyErr_SetString(PyExc_TypeError, "facts.links gave no (id, category, related, "
                                         "broader, broader set)");
        return NULL;
    }
    return links;
}

static PyObject *hit_links(Ctx *c, Hit *hit) {
    if (hit->links == NULL)
        hit->links = links_of(c, hit->concept);
    return hit->links;
}

/* TaxonomyExtractor._linked(hit, concept), over both concepts' links */
static int linked(Ctx *c, Hit *hit, PyObject *concept) {
    PyObject *other = hit_links(c, hit);
    if (other == NULL)
        return -1;
    PyObject *other_id = PyTuple_GET_ITEM(other, 0), *broader = PyTuple_GET_ITEM(concept, 3);
    int yes = PySequence_Contains(PyTuple_GET_ITEM(concept, 2), other_id);
    if (yes == 0)
        yes = PySequence_Contains(broader, other_id);
    if (yes == 0)
        yes = PySequence_Contains(PyTuple_GET_ITEM(other, 3), PyTuple_GET_ITEM(concept, 0));
    if (yes != 0)
        return yes;
    /* not facts.broader(index).isdisjoint(concept.broader) */
    PyObject *broader_set = PyTuple_GET_ITEM(other, 4);
    PyObject *iterator = PyObject_GetIter(broader);
    if (iterator == NULL)
        return -1;
    PyObject *item;
    while (yes == 0 && (item = PyIter_Next(iterator)) != NULL) {
        yes = PySet_Contains(broader_set, item);
        Py_DECREF(item);
    }
    Py_DECREF(iterator);
    return yes == 0 && PyErr_Occurred() ? -1 : yes;
}

/* TaxonomyExtractor._supports(hit, concept, family, strict=True) */
static int supports_strictly(Ctx *c, Hit *hit, PyObject *concept) {
    PyObject *other = hit_links(c, hit);
    if (other == NULL)
        return -1;
    int same = PyObject_RichCompareBool(PyTuple_GET_ITEM(other, 1), PyTuple_GET_ITEM(concept, 1),
                                        Py_EQ);
    return same ? same : linked(c, hit, concept);
}

/* TaxonomyExtractor._near: fills near (indices into same), returns their count or -1 */
static Py_ssize_t near(Ctx *c, Hit **same, Py_ssize_t n_same, Hit **out, Py_ssize_t first,
                       PyObject *concept, int strict) {
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < n_same; i++) {
        Py_ssize_t gap = same[i]->first - first;
        if (gap < 0)
            gap = -gap;
        if (gap > c->window)
            continue;
        if (strict) {
            int ok = supports_strictly(c, same[i], concept);
            if (ok < 0)
                return -1;
            if (!ok)
                continue;
        }
        out[n++] = same[i];
    }
    return n;
}

/* TaxonomyExtractor._tag_style */
static int tag_style(Ctx *c, Hit *hit) {
    PyObject *written = surface(c, hit->first, hit->last);
    if (written == NULL)
        return -1;
    int yes = is_lower(written, 0, PyUnicode_GET_LENGTH(written));
    Py_DECREF(written);
    if (!yes)
        return 0;
    PyObject *authored = PyTuple_GET_ITEM(hit->entry, 1);
    if (is_lower(authored, 0, PyUnicode_GET_LENGTH(authored)) ||
        type_of(c, hit->concept) != RULE(c, R_TOOL))
        return 0;
    int common = in_set(RULE(c, R_COMMONS), c->keys[hit->first]);
    return common < 0 ? -1 : !common;
}

/* TaxonomyExtractor._list_like (with _dense) */
static int list_like(Ctx *c, Segment *segment, Hit *hits) {
    if (segment->list_like >= 0)
        return segment->list_like;
    /* TextLayout.is_list_segment, then _dense */
    int yes = separated_list(c, segment->begin, segment->end);
    if (!yes && (yes = labelled(c, segment)) < 0)
        return -1;
    if (!yes && segment->hits_to - segment->hits_from >= 2) {
        Py_ssize_t first = bisect(c->starts, c->count, segment->begin - 1, 1);
        Py_ssize_t last = bisect(c->starts, c->count, segment->end - 1, 1);
        Py_ssize_t words = word_tokens(c, first, last), covered = 0;
        for (Py_ssize_t i = segment->hits_from; i < segment->hits_to; i++)
            covered += hits[i].last - hits[i].first + 1;
        yes = words > 0 && covered * 5 >= words * 2;
    }
    segment->list_like = yes;
    return yes;
}

/* _language_cue_near(keys, candidate) */
static int language_cue_near(Ctx *c, Py_ssize_t first, Py_ssize_t last) {
    Py_ssize_t from = first - 3 < 0 ? 0 : first - 3;
    for (Py_ssize_t i = from; i < first; i++) {
        int cue = in_set(RULE(c, R_LANGUAGE_CUES), c->keys[i]);
        if (cue)
            return cue;
    }
    for (Py_ssize_t i = last + 1; i < last + 4 && i < c->count; i++) {
        int cue = in_set(RULE(c, R_LANGUAGE_CUES), c->keys[i]);
        if (cue)
            return cue;
    }
    return 0;
}

/* _own_item: a whole item, or a segment without _ITEM_SEPARATORS ([,;|•·▪●◦\t]) */
static int own_item(Ctx *c, Py_ssize_t first, Py_ssize_t last, Segment *segment) {
    int whole = whole_item(c, first, last, 1);
    if (whole)
        return whole;
    Py_ssize_t end = segment->end < c->length ? segment->end : c->length;
    for (Py_ssize_t i = segment->begin < 0 ? 0 : segment->begin; i < end; i++) {
        Py_UCS4 ch = text_at(c, i);
        if (ch == ',' || ch == ';' || ch == '|' || ch == 0x2022 || ch == 0xB7 || ch == 0x25AA ||
            ch == 0x25CF || ch == 0x25E6 || ch == '\t')
            return 0;
    }
    return 1;
}

static PyObject *reason_confidence(Ctx *c, PyObject *reason) {
    PyObject *confidence = PyDict_GetItemWithError(RULE(c, R_REASON_CONFIDENCE), reason);
    if (confidence == NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_KeyError, "a reason without a confidence");
    return confidence;
}

/* hits[i] is of the concept's field or linked to it (an item of _decide's "same") */
static int same_field(Ctx *c, Segment *segment, Hit *hits, Py_ssize_t i, PyObject *family,
                      PyObject *concept) {
    int yes = PyObject_RichCompareBool(segment->families[i - segment->hits_from], family, Py_EQ);
    return yes == 0 ? linked(c, &hits[i], concept) : yes;
}

/* bool(same) of _decide, remembered per segment and concept (1, 0, -1 on error) */
static int any_same(Ctx *c, Segment *segment, Hit *hits, Py_ssize_t concept_index,
                    PyObject *family, PyObject *concept) {
    PyObject *key =
        PyLong_FromSsize_t(segment->number * PyList_GET_SIZE(RULE(c, R_TYPES)) + concept_index);
    if (key == NULL)
        return -1;
    PyObject *known = PyDict_GetItemWithError(c->has_same, key);
    int yes = known == NULL ? 0 : known == Py_True;
    if (known == NULL && !PyErr_Occurred()) {
        for (Py_ssize_t i = segment->hits_from; i < segment->hits_to && yes == 0; i++)
            yes = same_field(c, segment, hits, i, family, concept);
        if (yes >= 0 && PyDict_SetItem(c->has_same, key, yes ? Py_True : Py_False) < 0)
            yes = -1;
    } else if (known == NULL) {
        yes = -1;
    }
    Py_DECREF(key);
    return yes;
}

/* TaxonomyExtractor._decide: 1 with *out set (reason NULL: the hopeful "" case), 0 for none */
static int decide(Ctx *c, Py_ssize_t index, Segment *segment, Hit *hits, Hit **same,
                  Hit **near_hits, Hit *out) {
    PyObject *candidate = PyList_GET_ITEM(c->candidates, index);
    Py_ssize_t first = c->cand_first[index], last = c->cand_last[index];
    PyObject *entries = PyTuple_GET_ITEM(candidate, 2);
    Py_ssize_t offset = c->starts[first];
    PyObject *key = c->keys[first];
    int one_token = first == last;
    int single_letter = one_token && PyUnicode_GET_LENGTH(key) == 1;
    int initial = sentence_initial(c, first);
    int result = -1;
    int have = 0; /* what *out holds: 0 nothing, 1 a hopeful hit, 2 a hit with a reason */
    PyObject *concept = NULL; /* owned */
    if (initial < 0)
        return -1;
    PyObject *written = surface(c, first, last);
    if (written == NULL)
        return -1;
    int key_common = in_set(RULE(c, R_COMMONS), key);
    if (key_common < 0)
        goto done;
    for (Py_ssize_t e = 0; e < PyTuple_GET_SIZE(entries); e++) {
        PyObject *entry = PyTuple_GET_ITEM(entries, e);
        PyObject *authored = PyTuple_GET_ITEM(entry, 1);
        PyObject *kind = PyTuple_GET_ITEM(entry, 2);
        Py_ssize_t concept_index = PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 0));
        int strict = PyTuple_GET_ITEM(entry, 3) == RULE(c, R_CONTEXT);
        if (may_not_fit(c, entry, one_token)) {
            int ok = fits(c, entry, first, last);
            if (ok < 0)
                goto done;
            if (!ok)
                continue;
        }
        int fine = case_ok(written, authored);
        if (fine < 0)
            goto done;
        int upper = is_upper(authored, 0, PyUnicode_GET_LENGTH(authored));
        if (!fine && one_token && upper && key_common)
            continue; /* an acronym that spells a word only counts in capitals */
        Py_XDECREF(concept);
        concept = links_of(c, concept_index);
        if (concept == NULL)
            goto done;
        PyObject *family = family_of(c, concept_index);
        if (family == NULL)
            goto done;
        /* Python's "same" lists every hit of the segment of the concept's field or linked
         * to it, for each candidate: quadratic on a long line. The rules only read whether
         * it is empty, and _near its hits within the window: same[] holds only those (hits
         * are in token order), and emptiness is worked out once per segment and concept. */
        Py_ssize_t n_same = 0, lo = segment->hits_from, hi = segment->hits_to;
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (hits[mid].first < first - c->window)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (Py_ssize_t i = lo; i < segment->hits_to && hits[i].first <= first + c->window; i++) {
            int yes = same_field(c, segment, hits, i, family, concept);
            if (yes < 0) {
                Py_DECREF(family);
                goto done;
            }
            if (yes)
                same[n_same++] = &hits[i];
        }
        int has_same = n_same > 0;
        if (!has_same) {
            has_same = any_same(c, segment, hits, concept_index, family, concept);
            if (has_same < 0) {
                Py_DECREF(family);
                goto done;
            }
        }
        Py_DECREF(family);
        int listed = 0;
        if (has_same && (listed = list_like(c, segment, hits)) < 0)
            goto done;
        int everyday = !fine && one_token && key_common;
        PyObject *concept_type = type_of(c, concept_index);
        int named_thing = strict && concept_type == RULE(c, R_TOOL);
        PyObject *reason = NULL;
        int yes;
        if (concept_type == RULE(c, R_LANGUAGE) && (yes = language_cue_near(c, first, last))) {
            if (yes < 0)
                goto done;
            reason = c->neighbours;
        } else if (single_letter) {
            yes = listed;
            if (!yes && has_same && (yes = in_skill_zone(c, offset, segment)) < 0)
                goto done;
            if (yes) {
                reason = c->skills_list;
            } else if (str_eq(written, authored) && !initial) {
                Py_ssize_t n_near = near(c, same, n_same, near_hits, first, concept, strict);
                if (n_near < 0)
                    goto done;
                if (n_near)
                    reason = c->neighbours;
            }
        } else {
            /* the skills_section test, in Python's order of evaluation */
            int zone = in_skill_zone(c, offset, segment);
            if (zone < 0)
                goto done;
            if (zone && everyday && (zone = own_item(c, first, last, segment)) < 0)
                goto done;
            if (zone) {
                int is_list = list_like(c, segment, hits);
                if (is_list < 0)
                    goto done;
                zone = (is_list && (has_same || !named_thing)) || (has_same && !everyday);
                if (!zone && !named_thing) {
                    PyObject *words = PyObject_CallMethodOneArg(c->layout, s_segment_words,
                                                                segment->segment);
                    if (words == NULL)
                        goto done;
                    PyObject *three = PyLong_FromLong(3);
                    zone = three == NULL ? -1 : PyObject_RichCompareBool(words, three, Py_LE);
                    Py_XDECREF(three);
                    Py_DECREF(words);
                    if (zone < 0)
                        goto done;
                }
            }
            if (zone) {
                reason = c->skills_section;
            } else if (listed && (!everyday || (yes = whole_item(c, first, last, 1)))) {
                if (everyday && yes < 0)
                    goto done;
                reason = c->skills_list;
            } else if (has_same && (fine || !everyday)) {
                Py_ssize_t n_near = near(c, same, n_same, near_hits, first, concept, strict);
                if (n_near < 0)
                    goto done;
                int support = n_near && fine;
                for (Py_ssize_t i = 0; n_near && !support && i < n_near; i++) {
                    Py_ssize_t gap = near_hits[i]->first - first;
                    if (gap >= -3 && gap <= 3 && (support = tag_style(c, near_hits[i])) < 0)
                        goto done;
                }
                if (support)
                    reason = c->neighbours;
            }
        }
        if (reason != NULL) {
            PyObject *confidence = reason_confidence(c, reason);
            if (confidence == NULL)
                goto done;
            /* The first accepted entry with a skill of its category (or linked) in the
             * segment wins; else the first accepted */
            int strong = PyTuple_GET_SIZE(entries) == 1;
            for (Py_ssize_t i = segment->hits_from; !strong && i < segment->hits_to; i++)
                if ((strong = supports_strictly(c, &hits[i], concept)) < 0)
                    goto done;
            if (strong || have < 2) {
                set_hit(out, first, last, entry, confidence, reason);
                out->kind = kind;
                have = 2;
            }
            if (strong) {
                result = 1;
                goto done;
            }
        } else if (have == 0 && !single_letter && !initial && fine) {
            set_hit(out, first, last, entry, NULL, NULL);
            have = 1;
        }
    }
    result = have > 0;
done:
    Py_XDECREF(concept);
    Py_DECREF(written);
    return result;
}

/* ---- checking what Python passed ------------------------------------------------------------ */

/* 1 when every input has the expected shape, 0 to hand the text back to Python */
static int check_tokens(Ctx *c, PyObject *keys, PyObject *starts, PyObject *ends,
                        PyObject *seps) {
    Py_ssize_t n = PyList_GET_SIZE(keys);
    if (PyList_GET_SIZE(starts) != n || PyList_GET_SIZE(ends) != n || PyList_GET_SIZE(seps) != n)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *key = PyList_GET_ITEM(keys, i), *sep = PyList_GET_ITEM(seps, i);
        PyObject *start = PyList_GET_ITEM(starts, i), *end = PyList_GET_ITEM(ends, i);
        if (!PyUnicode_CheckExact(key) || !PyUnicode_CheckExact(sep) || !PyLong_CheckExact(start) ||
            !PyLong_CheckExact(end) || PyUnicode_READY(key) < 0 || PyUnicode_READY(sep) < 0)
            return 0;
        Py_ssize_t a = PyLong_AsSsize_t(start), b = PyLong_AsSsize_t(end);
        if (a == -1 || b == -1) {
            PyErr_Clear();
            return 0;
        }
        if (a < 0 || b < a || b > c->length || (i > 0 && a < c->starts[i - 1]))
            return 0;
        c->starts[i] = a;
        c->ends[i] = b;
        c->keys[i] = key;
        c->seps[i] = sep;
    }
    return 1;
}

static int check_entry(Ctx *c, PyObject *entry) {
    if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 4)
        return 0;
    PyObject *concept = PyTuple_GET_ITEM(entry, 0), *authored = PyTuple_GET_ITEM(entry, 1);
    PyObject *ambiguity = PyTuple_GET_ITEM(entry, 3);
    if (!PyLong_Check(concept) || !PyUnicode_CheckExact(authored) || PyUnicode_READY(authored) < 0)
        return 0;
    if (ambiguity != RULE(c, R_NONE) && ambiguity != RULE(c, R_CASE) &&
        ambiguity != RULE(c, R_CONTEXT))
        return 0;
    Py_ssize_t index = PyLong_AsSsize_t(concept);
    if (index == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    /* a match kind the confidences name: the very enum member, not an equal str */
    PyObject *kind = PyTuple_GET_ITEM(entry, 2);
    int member = 0;
    for (Py_ssize_t i = 0; i < c->n_kinds && !member; i++)
        member = c->kinds[i] == kind;
    if (!member)
        return 0;
    return index >= 0 && index < PyList_GET_SIZE(RULE(c, R_TYPES)) &&
           index < PyTuple_GET_SIZE(RULE(c, R_CONCEPTS));
}

static int check_candidates(Ctx *c, PyObject *candidates) {
    Py_ssize_t previous = -1, at = 0;
    PyObject *kind, *value;
    c->n_kinds = 0;
    while (PyDict_Next(RULE(c, R_CONFIDENCE), &at, &kind, &value))
        if (c->n_kinds < 8)
            c->kinds[c->n_kinds++] = kind;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(candidates); i++) {
        PyObject *candidate = PyList_GET_ITEM(candidates, i);
        if (!PyTuple_Check(candidate) || PyTuple_GET_SIZE(candidate) != 3 ||
            !PyLong_Check(PyTuple_GET_ITEM(candidate, 0)) ||
            !PyLong_Check(PyTuple_GET_ITEM(candidate, 1)) ||
            !PyTuple_Check(PyTuple_GET_ITEM(candidate, 2)))
            return 0;
        Py_ssize_t first = PyLong_AsSsize_t(PyTuple_GET_ITEM(candidate, 0));
        Py_ssize_t last = PyLong_AsSsize_t(PyTuple_GET_ITEM(candidate, 1));
        if ((first == -1 || last == -1) && PyErr_Occurred()) {
            PyErr_Clear();
            return 0;
        }
        /* in token order, as the scan reports them (groups are runs of one first token) */
        if (first < previous || first < 0 || last < first || last >= c->count)
            return 0;
        previous = first;
        c->cand_first[i] = first;
        c->cand_last[i] = last;
        PyObject *entries = PyTuple_GET_ITEM(candidate, 2);
        if (PyTuple_GET_SIZE(entries) == 0)
            return 0;
        for (Py_ssize_t e = 0; e < PyTuple_GET_SIZE(entries); e++)
            if (!check_entry(c, PyTuple_GET_ITEM(entries, e)))
                return 0;
    }
    return 1;
}

static int check_rules(PyObject *rules) {
    if (!PyTuple_Check(rules) || PyTuple_GET_SIZE(rules) != R_COUNT)
        return 0;
    PyObject *const *r = &PyTuple_GET_ITEM(rules, 0);
    int sets[] = {R_US_STATES,  R_COMMONS,        R_GENERIC_TAILS, R_ROLE_NOUNS,
                  R_NAME_TAILS, R_SENTENCE_BREAK, R_LANGUAGE_CUES, R_ITEM_BREAKS};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (!PyAnySet_Check(r[sets[i]]))
            return 0;
    if (!PyType_Check(r[R_HIT_TYPE]) || !PyDict_Check(r[R_CONFIDENCE]) ||
        !PyDict_Check(r[R_REASON_CONFIDENCE]) || !PyTuple_Check(r[R_PERSON_ENDINGS]) ||
        !PyLong_Check(r[R_WINDOW]) || !PyList_Check(r[R_TYPES]) || !PyTuple_Check(r[R_CONCEPTS]) ||
        !PyDict_Check(r[R_FAMILIES]) || !PyDict_Check(r[R_LINKS]))
        return 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(r[R_PERSON_ENDINGS]); i++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(r[R_PERSON_ENDINGS], i)))
            return 0;
    return 1;
}

/* ---- resolve -------------------------------------------------------------------------------- */

static void hit_maker(PyObject *type, HitMaker *maker) {
    maker->type = (PyTypeObject *)type;
    maker->direct = 0;
    if (maker->type->tp_itemsize != 0)
        return;
    for (int i = 0; i < F_COUNT; i++) {
        PyObject *descr = PyObject_GetAttrString(type, hit_fields[i]);
        if (descr == NULL) {
            PyErr_Clear();
            return;
        }
        int plain_slot = Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
                         PyDescr_TYPE(descr) == maker->type &&
                         ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX &&
                         !(((PyMemberDescrObject *)descr)->d_member->flags & READONLY);
        if (plain_slot)
            maker->offsets[i] = ((PyMemberDescrObject *)descr)->d_member->offset;
        Py_DECREF(descr);
        if (!plain_slot)
            return;
    }
    maker->direct = 1;
}

/* _Hit(first, last, entry, kind, confidence, reason), start and end 0 as their defaults */
static PyObject *new_hit(Ctx *c, Hit *hit) {
    PyObject *values[F_COUNT];
    values[F_FIRST] = PyLong_FromSsize_t(hit->first);
    values[F_LAST] = PyLong_FromSsize_t(hit->last);
    values[F_ENTRY] = hit->entry;
    values[F_KIND] = hit->kind;
    values[F_CONFIDENCE] = hit->confidence;
    values[F_REASON] = hit->reason == NULL ? c->empty : hit->reason;
    PyObject *made = NULL;
    if (values[F_FIRST] == NULL || values[F_LAST] == NULL) {
        /* fall through: no hit */
    } else if (c->maker.direct) {
        values[F_START] = values[F_END] = PyLong_FromLong(0);
        made = c->maker.type->tp_alloc(c->maker.type, 0);
        if (made != NULL)
            for (int i = 0; i < F_COUNT; i++)
                *(PyObject **)((char *)made + c->maker.offsets[i]) = Py_NewRef(values[i]);
        Py_DECREF(values[F_START]);
    } else {
        made = PyObject_Vectorcall((PyObject *)c->maker.type, values, 6, NULL);
    }
    Py_XDECREF(values[F_FIRST]);
    Py_XDECREF(values[F_LAST]);
    return made;
}

static int by_first(const void *a, const void *b) {
    const Hit *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->segment < y->segment ? -1 : x->segment > y->segment; /* order found: stable */
}

static int any_covered(const char *covered, Py_ssize_t first, Py_ssize_t last) {
    for (Py_ssize_t i = first; i <= last; i++)
        if (covered[i])
            return 1;
    return 0;
}

/* Reads TextLayout.segment_table() (line starts, each split line's sentence starts, the
 * text's length) once: 1 when read, 0 when of another shape, -1 on error. */
static int read_segments(Ctx *c) {
    if (c->n_lines != -1)
        return c->n_lines >= 0 ? 1 : (c->n_lines == -2 ? 0 : -1);
    PyObject *table = PyObject_CallMethodNoArgs(c->layout, s_segment_table);
    if (table == NULL)
        return -1;
    c->n_lines = -2;
    PyObject *lines = NULL, *split = NULL, *length = NULL;
    if (PyTuple_CheckExact(table) && PyTuple_GET_SIZE(table) == 3) {
        lines = PyTuple_GET_ITEM(table, 0);
        split = PyTuple_GET_ITEM(table, 1);
        length = PyTuple_GET_ITEM(table, 2);
    }
    Py_ssize_t n = lines != NULL && PyList_CheckExact(lines) ? PyList_GET_SIZE(lines) : 0;
    if (n == 0 || !PyDict_CheckExact(split) || !exact_int(length, &c->text_length))
        goto done;
    Py_ssize_t total = 0, pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(split, &pos, &key, &value)) {
        if (!PyList_CheckExact(value) || PyList_GET_SIZE(value) == 0)
            goto done;
        total += PyList_GET_SIZE(value);
    }
    c->line_starts = PyMem_Malloc(n * sizeof(Py_ssize_t));
    c->split_from = PyMem_Malloc(n * sizeof(Py_ssize_t));
    c->split_count = PyMem_Malloc(n * sizeof(Py_ssize_t));
    c->split_starts = PyMem_Malloc((total ? total : 1) * sizeof(Py_ssize_t));
    if (!c->line_starts || !c->split_from || !c->split_count || !c->split_starts) {
        Py_DECREF(table);
        PyErr_NoMemory();
        c->n_lines = -3;
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!exact_int(PyList_GET_ITEM(lines, i), &c->line_starts[i]))
            goto done;
        c->split_from[i] = -1;
        c->split_count[i] = 1;
    }
    Py_ssize_t at = 0;
    pos = 0;
    while (PyDict_Next(split, &pos, &key, &value)) {
        Py_ssize_t line;
        if (!exact_int(key, &line) || line < 0 || line >= n || c->split_from[line] >= 0 ||
            PyList_GET_SIZE(value) > total - at)
            goto done;
        c->split_from[line] = at;
        c->split_count[line] = PyList_GET_SIZE(value);
        for (Py_ssize_t i = 0; i < c->split_count[line]; i++)
            if (!exact_int(PyList_GET_ITEM(value, i), &c->split_starts[at++]))
                goto done;
    }
    c->n_lines = n;
done:
    Py_DECREF(table);
    return c->n_lines >= 0;
}

/* TextLayout.segment_of(offset) and segment_bounds of it, from the table read_segments read:
 * 1 with *line, *index, *begin and *end set, 0 when the layout must answer. */
static int native_segment(Ctx *c, Py_ssize_t offset, Py_ssize_t *line, Py_ssize_t *index,
                          Py_ssize_t *begin, Py_ssize_t *end) {
    *line = bisect(c->line_starts, c->n_lines, offset, 1) - 1;
    if (*line < 0)
        return 0;
    const Py_ssize_t *starts = c->split_from[*line] >= 0 ? &c->split_starts[c->split_from[*line]]
                                                         : &c->line_starts[*line];
    Py_ssize_t count = c->split_count[*line];
    *index = c->split_from[*line] >= 0 ? bisect(starts, count, offset, 1) - 1 : 0;
    if (*index < 0)
        return 0;
    *begin = starts[*index];
    if (*index + 1 < count)
        *end = starts[*index + 1];
    else
        *end = *line + 1 < c->n_lines ? c->line_starts[*line + 1] - 1 : c->text_length;
    return 1;
}

/* The segment key (line, index) of offset, NULL on error: natively, with its bounds
 * (*bounded 1), when the layout's table was read; else asked of the layout (segment_of),
 * which is then asked the bounds of a new segment too (*bounded 0). */
static PyObject *segment_key(Ctx *c, Py_ssize_t offset, Py_ssize_t *begin, Py_ssize_t *end,
                             int *bounded) {
    int table = read_segments(c);
    if (table < 0)
        return NULL;
    Py_ssize_t line, index;
    *bounded = table && native_segment(c, offset, &line, &index, begin, end);
    if (*bounded)
        return Py_BuildValue("(nn)", line, index);
    PyObject *at = PyLong_FromSsize_t(offset);
    if (at == NULL)
        return NULL;
    PyObject *key = PyObject_CallMethodOneArg(c->layout, s_segment_of, at);
    Py_DECREF(at);
    return key;
}

static void free_segments(Ctx *c) {
    PyMem_Free(c->line_starts);
    PyMem_Free(c->split_from);
    PyMem_Free(c->split_count);
    PyMem_Free(c->split_starts);
}

/* segments(layout, offsets) -> [((line, index), (begin, end)) or None per offset] or None:
 * what resolve reads of the layout's sentences, for the tests to hold against the layout. */
static PyObject *layout_segments(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *layout, *offsets, *out = NULL;
    if (!PyArg_ParseTuple(args, "OO!:segments", &layout, &PyList_Type, &offsets))
        return NULL;
    Ctx c = {0};
    c.layout = layout;
    c.n_lines = -1;
    int table = read_segments(&c);
    if (table <= 0) {
        out = table < 0 ? NULL : Py_NewRef(Py_None);
        goto done;
    }
    out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < PyList_GET_SIZE(offsets); i++) {
        Py_ssize_t offset, line, index, begin, end;
        PyObject *item;
        if (!exact_int(PyList_GET_ITEM(offsets, i), &offset)) {
            PyErr_SetString(PyExc_TypeError, "offsets must be ints");
            Py_CLEAR(out);
        } else {
            item = native_segment(&c, offset, &line, &index, &begin, &end)
                       ? Py_BuildValue("((nn)(nn))", line, index, begin, end)
                       : Py_NewRef(Py_None);
            if (item == NULL || PyList_Append(out, item) < 0)
                Py_CLEAR(out);
            Py_XDECREF(item);
        }
    }
done:
    free_segments(&c);
    return out;
}

static Segment *segment_for(Ctx *c, PyObject *index_of, Segment *segments, Py_ssize_t *n_segments,
                            Py_ssize_t first, Hit *hits, Py_ssize_t n_hits,
                            const Py_ssize_t *hit_starts) {
    Py_ssize_t begin, end;
    int bounded;
    PyObject *key = segment_key(c, c->starts[first], &begin, &end, &bounded);
    if (key == NULL)
        return NULL;
    PyObject *known = PyDict_GetItemWithError(index_of, key);
    if (known != NULL) {
        Py_DECREF(key);
        return &segments[PyLong_AsSsize_t(known)];
    }
    Segment *segment = &segments[*n_segments];
    PyObject *number = PyErr_Occurred() ? NULL : PyLong_FromSsize_t(*n_segments);
    if (number == NULL || PyDict_SetItem(index_of, key, number) < 0) {
        Py_XDECREF(number);
        Py_DECREF(key);
        return NULL;
    }
    Py_DECREF(number);
    memset(segment, 0, sizeof *segment);
    segment->segment = key; /* the reference moves here */
    segment->number = *n_segments;
    segment->list_like = -1;
    segment->labelled = -1;
    (*n_segments)++;
    if (!bounded) {
        PyObject *bounds = PyObject_CallMethodOneArg(c->layout, s_segment_bounds, key);
        int bad = bounds == NULL || two_ints(bounds, &begin, &end);
        Py_XDECREF(bounds);
        if (bad)
            return NULL;
    }
    segment->begin = begin;
    segment->end = end;
    /* hits are in text order, so the segment's hits are a slice */
    segment->hits_from = bisect(hit_starts, n_hits, segment->begin, 0);
    segment->hits_to = bisect(hit_starts, n_hits, segment->end, 0);
    if (segment->hits_to < segment->hits_from)
        segment->hits_to = segment->hits_from;
    Py_ssize_t n = segment->hits_to - segment->hits_from;
    segment->families = PyMem_Calloc(n ? n : 1, sizeof(PyObject *));
    if (segment->families == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        segment->families[i] = family_of(c, hits[segment->hits_from + i].concept);
        if (segment->families[i] == NULL)
            return NULL;
    }
    return segment;
}

/* TaxonomyExtractor._mutual: accepts hopeful hits in place (reason set), marks covered */
static int mutual(Ctx *c, Hit *hopeful, Py_ssize_t n, char *covered, PyObject **families) {
    PyObject *confidence = reason_confidence(c, c->mutual);
    if (confidence == NULL)
        return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Hit *hit = &hopeful[i];
        if (any_covered(covered, hit->first, hit->last))
            continue;
        PyObject *family = families[i];
        if (!str_is(family, "tech") || type_of(c, hit->concept) != RULE(c, R_TOOL))
            continue;
        for (Py_ssize_t j = 0; j < n; j++) {
            Py_ssize_t gap = hopeful[j].first - hit->first;
            if (j == i || hopeful[j].segment != hit->segment || gap < -c->window ||
                gap > c->window)
                continue;
            int yes = PyObject_RichCompareBool(families[j], family, Py_EQ);
            if (yes < 0)
                return -1;
            if (yes) {
                hit->reason = c->mutual;
                hit->confidence = confidence;
                break;
            }
        }
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (hopeful[i].reason != NULL)
            memset(covered + hopeful[i].first, 1, hopeful[i].last - hopeful[i].first + 1);
    return 0;
}

static PyObject *resolve(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *keys, *starts, *ends, *seps, *candidates, *layout, *rules;
    if (!PyArg_ParseTuple(args, "UO!O!O!O!O!OO:resolve", &text, &PyList_Type, &keys,
                          &PyList_Type, &starts, &PyList_Type, &ends, &PyList_Type, &seps,
                          &PyList_Type, &candidates, &layout, &rules) ||
        PyUnicode_READY(text) < 0)
        return NULL;
    if (!check_rules(rules))
        Py_RETURN_NONE;
    Ctx c = {0};
    c.text = text;
    c.kind = PyUnicode_KIND(text);
    c.data = PyUnicode_DATA(text);
    c.length = PyUnicode_GET_LENGTH(text);
    c.count = PyList_GET_SIZE(keys);
    c.rules = &PyTuple_GET_ITEM(rules, 0);
    c.layout = layout;
    c.n_zones = -1;
    c.n_lines = -1;
    c.window = PyLong_AsSsize_t(RULE(&c, R_WINDOW));
    hit_maker(RULE(&c, R_HIT_TYPE), &c.maker);
    if (c.window == -1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t n_candidates = PyList_GET_SIZE(candidates), n = c.count ? c.count : 1;
    PyObject *result = NULL, *index_of = NULL, *hit_list = NULL, *covered_out = NULL;
    Hit *hits = NULL, *found = NULL, **same = NULL, **near_hits = NULL;
    Py_ssize_t *hit_starts = NULL, *groups = NULL, n_segments = 0;
    Segment *segments = NULL;
    PyObject **families = NULL;
    Py_ssize_t n_found = 0, n_hits = 0;
    c.keys = PyMem_Malloc(n * sizeof(PyObject *));
    c.seps = PyMem_Malloc(n * sizeof(PyObject *));
    c.starts = PyMem_Malloc(n * sizeof(Py_ssize_t));
    c.ends = PyMem_Malloc(n * sizeof(Py_ssize_t));
    c.skill_start = PyMem_Calloc(n, 1);
    c.candidates = candidates;
    c.cand_first = PyMem_Malloc((n_candidates ? n_candidates : 1) * sizeof(Py_ssize_t));
    c.cand_last = PyMem_Malloc((n_candidates ? n_candidates : 1) * sizeof(Py_ssize_t));
    groups = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t)); /* a token's first candidate */
    hits = PyMem_Malloc(n * sizeof(Hit));
    found = PyMem_Malloc((n_candidates ? n_candidates : 1) * sizeof(Hit));
    families = PyMem_Malloc((n_candidates ? n_candidates : 1) * sizeof(PyObject *));
    same = PyMem_Malloc(n * sizeof(Hit *));
    near_hits = PyMem_Malloc(n * sizeof(Hit *));
    hit_starts = PyMem_Malloc(n * sizeof(Py_ssize_t));
    segments = PyMem_Malloc(n * sizeof(Segment));
    covered_out = PyByteArray_FromStringAndSize(NULL, c.count);
    index_of = PyDict_New();
    c.has_same = PyDict_New();
    c.empty = PyUnicode_InternFromString("");
    c.capitalisation = PyUnicode_InternFromString("capitalisation");
    c.skills_section = PyUnicode_InternFromString("skills_section");
    c.skills_list = PyUnicode_InternFromString("skills_list");
    c.neighbours = PyUnicode_InternFromString("neighbours");
    c.mutual = PyUnicode_InternFromString("mutual");
    if (!c.keys || !c.seps || !c.starts || !c.ends || !c.skill_start || !c.cand_first ||
        !c.cand_last || !groups || !hits ||
        !found || !families || !same || !near_hits || !hit_starts || !segments) {
        PyErr_NoMemory();
        goto done;
    }
    if (!covered_out || !index_of || !c.has_same || !c.empty || !c.capitalisation || !c.skills_section ||
        !c.skills_list || !c.neighbours || !c.mutual)
        goto done;
    if (!check_tokens(&c, keys, starts, ends, seps) || !check_candidates(&c, candidates)) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* groups: the candidates of first token i are positions groups[i]..end of run */
    for (Py_ssize_t i = 0; i <= c.count; i++)
        groups[i] = -1;
    for (Py_ssize_t i = n_candidates - 1; i >= 0; i--) {
        groups[c.cand_first[i]] = i;
        c.skill_start[c.cand_first[i]] = 1;
    }
    char *covered = PyByteArray_AS_STRING(covered_out);
    memset(covered, 0, c.count);
    /* the first pass (TaxonomyExtractor._resolve's loop, _plain for each group) */
    Py_ssize_t covered_to = -1, n_pending = 0;
    Py_ssize_t *pending_copy = PyMem_Malloc(n * sizeof(Py_ssize_t));
    if (pending_copy == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t first = 0; first < c.count; first++) {
        if (groups[first] < 0 || first <= covered_to)
            continue;
        Py_ssize_t to = groups[first];
        while (to < n_candidates && c.cand_first[to] == first)
            to++;
        int got = plain(&c, groups[first], to, &hits[n_hits]);
        if (got < 0) {
            PyMem_Free(pending_copy);
            goto done;
        }
        if (!got) {
            pending_copy[n_pending++] = first;
            continue;
        }
        if (hits[n_hits].confidence == NULL) { /* the capitalisation reason */
            hits[n_hits].confidence = reason_confidence(&c, c.capitalisation);
            if (hits[n_hits].confidence == NULL) {
                PyMem_Free(pending_copy);
                goto done;
            }
        }
        covered_to = hits[n_hits].last;
        n_hits++;
    }
    /* _contextual */
    for (Py_ssize_t i = 0; i < n_hits; i++) {
        memset(covered + hits[i].first, 1, hits[i].last - hits[i].first + 1);
        hit_starts[i] = c.starts[hits[i].first];
    }
    Py_ssize_t n_accepted = 0, n_hopeful = 0;
    Hit *hopeful = NULL;
    /* accepted hits fill found from the front; hopeful ones collect in a second array */
    hopeful = PyMem_Malloc((n_candidates ? n_candidates : 1) * sizeof(Hit));
    if (hopeful == NULL) {
        PyErr_NoMemory();
        PyMem_Free(pending_copy);
        goto done;
    }
    int failed = 0;
    for (Py_ssize_t p = 0; p < n_pending && !failed; p++) {
        Py_ssize_t first = pending_copy[p];
        Segment *segment =
            segment_for(&c, index_of, segments, &n_segments, first, hits, n_hits, hit_starts);
        if (segment == NULL) {
            failed = 1;
            break;
        }
        Py_ssize_t to = groups[first];
        while (to < n_candidates && c.cand_first[to] == first)
            to++;
        for (Py_ssize_t index = to - 1; index >= groups[first]; index--) {
            Py_ssize_t cf = c.cand_first[index], cl = c.cand_last[index];
            if (any_covered(covered, cf, cl) || glued(&c, cf, cl))
                continue;
            Hit decided;
            int got = decide(&c, index, segment, hits, same, near_hits, &decided);
            if (got < 0) {
                failed = 1;
                break;
            }
            if (!got)
                continue;
            decided.segment = segment - segments;
            if (decided.reason == NULL) {
                PyObject *family = family_of(&c, decided.concept);
                if (family == NULL) {
                    failed = 1;
                    break;
                }
                families[n_hopeful] = family;
                hopeful[n_hopeful++] = decided;
                continue;
            }
            found[n_accepted++] = decided;
            memset(covered + cf, 1, cl - cf + 1);
            break;
        }
    }
    PyMem_Free(pending_copy);
    if (!failed && n_hopeful && mutual(&c, hopeful, n_hopeful, covered, families) < 0)
        failed = 1;
    for (Py_ssize_t i = 0; i < n_hopeful; i++)
        Py_DECREF(families[i]);
    if (failed) {
        PyMem_Free(hopeful);
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_hopeful; i++)
        if (hopeful[i].reason != NULL)
            found[n_accepted++] = hopeful[i];
    PyMem_Free(hopeful);
    /* sorted([*hits, *accepted], key=first): a stable sort, so ties keep the order found */
    for (Py_ssize_t i = 0; i < n_accepted; i++)
        found[i].segment = i;
    qsort(found, n_accepted, sizeof(Hit), by_first);
    n_found = n_accepted;
    hit_list = PyList_New(n_hits + n_found);
    if (hit_list == NULL)
        goto done;
    Py_ssize_t a = 0, b = 0;
    for (Py_ssize_t k = 0; k < n_hits + n_found; k++) {
        Hit *next = (b >= n_found || (a < n_hits && hits[a].first <= found[b].first))
                        ? &hits[a++]
                        : &found[b++];
        PyObject *made = new_hit(&c, next);
        if (made == NULL)
            goto done;
        PyList_SET_ITEM(hit_list, k, made);
    }
    result = PyTuple_Pack(2, hit_list, covered_out);
done:
    for (Py_ssize_t i = 0; i < n_hits; i++)
        Py_XDECREF(hits[i].links);
    for (Py_ssize_t i = 0; i < n_segments; i++) {
        Segment *segment = &segments[i];
        if (segment->families != NULL)
            for (Py_ssize_t k = 0; k < segment->hits_to - segment->hits_from; k++)
                Py_XDECREF(segment->families[k]);
        PyMem_Free(segment->families);
        Py_XDECREF(segment->segment);
    }
    PyMem_Free(c.zones);
    free_segments(&c);
    PyMem_Free(c.cand_first);
    PyMem_Free(c.cand_last);
    PyMem_Free(c.keys);
    PyMem_Free(c.seps);
    PyMem_Free(c.starts);
    PyMem_Free(c.ends);
    PyMem_Free(c.skill_start);
    PyMem_Free(groups);
    PyMem_Free(hits);
    PyMem_Free(found);
    PyMem_Free(families);
    PyMem_Free(same);
    PyMem_Free(near_hits);
    PyMem_Free(hit_starts);
    PyMem_Free(segments);
    Py_XDECREF(hit_list);
    Py_XDECREF(covered_out);
    Py_XDECREF(index_of);
    Py_XDECREF(c.has_same);
    Py_XDECREF(c.empty);
    Py_XDECREF(c.capitalisation);
    Py_XDECREF(c.skills_section);
    Py_XDECREF(c.skills_list);
    Py_XDECREF(c.neighbours);
    Py_XDECREF(c.mutual);
    return result;
}

/* ---- widen ---------------------------------------------------------------------------------- */

/* _VERSION.match(s): r"^v?\d{1,4}(?:\.\d{1,4})*(?:\.x)?\+?$" ($ also before a final "\n") */
static int version(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0, digits = 0;
    if (i < n && ch_at(s, i) == 'v')
        i++;
    while (i < n && Py_UNICODE_ISDECIMAL(ch_at(s, i)) && digits < 5)
        i++, digits++;
    if (digits < 1 || digits > 4)
        return 0;
    /* no backtracking helps: a fifth digit is followed by nothing the pattern allows */
    while (i + 1 < n && ch_at(s, i) == '.' && Py_UNICODE_ISDECIMAL(ch_at(s, i + 1))) {
        Py_ssize_t j = i + 1;
        digits = 0;
        while (j < n && Py_UNICODE_ISDECIMAL(ch_at(s, j)) && digits < 5)
            j++, digits++;
        if (digits > 4)
            return 0;
        i = j;
    }
    if (i + 1 < n && ch_at(s, i) == '.' && ch_at(s, i + 1) == 'x')
        i += 2;
    if (i < n && ch_at(s, i) == '+')
        i++;
    return i == n || (i == n - 1 && ch_at(s, i) == '\n');
}

static int index_attr(PyObject *object, PyObject *name, Py_ssize_t limit, Py_ssize_t *out) {
    PyObject *value = PyObject_GetAttr(object, name);
    if (value == NULL)
        return -1;
    int ok = exact_int(value, out);
    Py_DECREF(value);
    if (!ok)
        *out = -1;
    return ok && *out >= 0 && *out < limit;
}

/* i not in taken (1, 0, -1 on error) */
static int not_taken(PyObject *taken, Py_ssize_t i) {
    PyObject *at = PyLong_FromSsize_t(i);
    if (at == NULL)
        return -1;
    int found = PySet_Contains(taken, at);
    Py_DECREF(at);
    return found < 0 ? -1 : !found;
}

static PyObject *widen(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *hits, *keys, *seps, *starts, *ends, *types, *tool, *fuzzy, *tails, *not_after,
        *vendors;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!OOO!O!O!:widen", &PyList_Type, &hits, &PyList_Type,
                          &keys, &PyList_Type, &seps, &PyList_Type, &starts, &PyList_Type, &ends,
                          &PyList_Type, &types, &tool, &fuzzy, &PyFrozenSet_Type, &tails,
                          &PyFrozenSet_Type, &not_after, &PyFrozenSet_Type, &vendors))
        return NULL;
    /* tuples of the lists: reading a hit's attributes and setting its bounds may run Python
     * code, which must not change or free what is read here */
    PyObject **lists[6] = {&hits, &keys, &seps, &starts, &ends, &types};
    PyObject *copies[6] = {NULL};
    for (int i = 0; i < 6; i++)
        if ((copies[i] = *lists[i] = PyList_AsTuple(*lists[i])) == NULL) {
            for (int k = 0; k < i; k++)
                Py_DECREF(copies[k]);
            return NULL;
        }
    PyObject *result = NULL, *taken = NULL;
    Py_ssize_t *bounds = NULL;
    PyObject **entries = NULL;
    char *kinds_fuzzy = NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(keys), n = PyTuple_GET_SIZE(hits);
    if (PyTuple_GET_SIZE(seps) != count || PyTuple_GET_SIZE(starts) != count ||
        PyTuple_GET_SIZE(ends) != count) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++)
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(keys, i)) ||
            !PyUnicode_CheckExact(PyTuple_GET_ITEM(seps, i)) ||
            !PyLong_CheckExact(PyTuple_GET_ITEM(starts, i)) ||
            !PyLong_CheckExact(PyTuple_GET_ITEM(ends, i)) ||
            PyUnicode_READY(PyTuple_GET_ITEM(keys, i)) < 0 ||
            PyUnicode_READY(PyTuple_GET_ITEM(seps, i)) < 0) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    bounds = PyMem_Calloc(2 * (n ? n : 1), sizeof(Py_ssize_t));
    entries = PyMem_Calloc(n ? n : 1, sizeof(PyObject *));
    kinds_fuzzy = PyMem_Calloc(n ? n : 1, 1);
    taken = PySet_New(NULL);
    if (bounds == NULL || entries == NULL || kinds_fuzzy == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (taken == NULL)
        goto done;
    /* read and check every hit before changing any */
    for (Py_ssize_t h = 0; h < n; h++) {
        PyObject *hit = PyTuple_GET_ITEM(hits, h);
        Py_ssize_t first, last, concept;
        int ok = index_attr(hit, s_first, count, &first);
        if (ok == 1)
            ok = index_attr(hit, s_last, count, &last);
        if (ok < 0)
            goto done;
        if (!ok || last < first) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        PyObject *entry = PyObject_GetAttr(hit, s_entry), *kind = PyObject_GetAttr(hit, s_kind);
        if (entry == NULL || kind == NULL) {
            Py_XDECREF(entry);
            Py_XDECREF(kind);
            goto done;
        }
        kinds_fuzzy[h] = kind == fuzzy;
        Py_DECREF(kind);
        ok = PyTuple_Check(entry) && PyTuple_GET_SIZE(entry) >= 1 &&
             PyLong_CheckExact(PyTuple_GET_ITEM(entry, 0));
        concept = ok ? PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 0)) : -1;
        Py_DECREF(entry);
        if (concept == -1 && PyErr_Occurred())
            PyErr_Clear();
        if (!ok || concept < 0 || concept >= PyTuple_GET_SIZE(types)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        bounds[2 * h] = first;
        bounds[2 * h + 1] = last;
        entries[h] = PyTuple_GET_ITEM(types, concept); /* borrowed: the concept's type */
        for (Py_ssize_t i = first; i <= last; i++) {
            PyObject *at = PyLong_FromSsize_t(i);
            if (at == NULL || PySet_Add(taken, at) < 0) {
                Py_XDECREF(at);
                goto done;
            }
            Py_DECREF(at);
        }
    }
    for (Py_ssize_t h = 0; h < n; h++) {
        Py_ssize_t first = bounds[2 * h], last = bounds[2 * h + 1], after = last + 1;
        int yes;
        /* a generic head noun right after a skill belongs to its name */
        if (after < count && str_is(PyTuple_GET_ITEM(seps, after), " ") && !kinds_fuzzy[h]) {
            yes = PySet_Contains(tails, PyTuple_GET_ITEM(keys, after));
            if (yes == 1)
                yes = not_taken(taken, after);
            if (yes < 0)
                goto done;
            if (yes)
                last = after;
        }
        if (entries[h] == tool) {
            after = last + 1;
            if (after < count) {
                PyObject *sep = PyTuple_GET_ITEM(seps, after);
                if ((str_is(sep, " ") || PyUnicode_GET_LENGTH(sep) == 0) &&
                    version(PyTuple_GET_ITEM(keys, after))) {
                    yes = not_taken(taken, after);
                    if (yes == 1 && after + 1 < count) {
                        int no = PySet_Contains(not_after, PyTuple_GET_ITEM(keys, after + 1));
                        yes = no < 0 ? -1 : !no;
                    }
                    if (yes < 0)
                        goto done;
                    if (yes)
                        last = after;
                }
            }
            Py_ssize_t before = first - 1;
            if (before >= 0 && str_is(PyTuple_GET_ITEM(seps, first), " ")) {
                yes = PySet_Contains(vendors, PyTuple_GET_ITEM(keys, before));
                if (yes == 1)
                    yes = not_taken(taken, before);
                if (yes < 0)
                    goto done;
                if (yes)
                    first = before;
            }
        }
        PyObject *hit = PyTuple_GET_ITEM(hits, h);
        if (PyObject_SetAttr(hit, s_start, PyTuple_GET_ITEM(starts, first)) < 0 ||
            PyObject_SetAttr(hit, s_end, PyTuple_GET_ITEM(ends, last)) < 0)
            goto done;
    }
    result = Py_NewRef(taken);
done:
    PyMem_Free(bounds);
    PyMem_Free(entries);
    PyMem_Free(kinds_fuzzy);
    Py_XDECREF(taken);
    for (int i = 0; i < 6; i++)
        Py_DECREF(copies[i]);
    return result;
}

/* One side of a hit in list_neighbours: step over at most two list joiners from index by step
 * and add the token reached when it is inside the text and no hit covers it. */
static int add_neighbour(PyObject *near, PyObject *keys, PyObject *joiners, const char *covered,
                         Py_ssize_t index, Py_ssize_t step) {
    Py_ssize_t count = PyList_GET_SIZE(keys);
    for (int hop = 0; hop < 2 && index >= 0 && index < count; hop++) {
        int joiner = PySet_Contains(joiners, PyList_GET_ITEM(keys, index));
        if (joiner < 0)
            return -1;
        if (!joiner)
            break;
        index += step;
    }
    if (index < 0 || index >= count || covered[index])
        return 0;
    PyObject *at = PyLong_FromSsize_t(index);
    if (at == NULL)
        return -1;
    int failed = PySet_Add(near, at);
    Py_DECREF(at);
    return failed;
}

/* _list_neighbours of taxonomy_extractor.py (the first queue of _near_misses): tokens next to a
 * hit across at most two list joiners that no hit covers, as a set. None when an input is of
 * another shape (keys that are not all exact str, a short covered array, a hit whose tokens
 * are not exact ints inside the text): the Python function then answers. */
static PyObject *list_neighbours(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *hits, *keys, *covered, *joiners;
    if (!PyArg_ParseTuple(args, "O!O!O!O!:list_neighbours", &PyList_Type, &hits, &PyList_Type,
                          &keys, &PyByteArray_Type, &covered, &PyFrozenSet_Type, &joiners))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(keys);
    if (PyByteArray_GET_SIZE(covered) < count)
        Py_RETURN_NONE;
    /* Exact str keys: a set lookup then runs no Python code that could change the lists. */
    for (Py_ssize_t i = 0; i < count; i++)
        if (!PyUnicode_CheckExact(PyList_GET_ITEM(keys, i)))
            Py_RETURN_NONE;
    PyObject *near = PySet_New(NULL);
    if (near == NULL)
        return NULL;
    const char *marks = PyByteArray_AS_STRING(covered);
    for (Py_ssize_t h = 0; h < PyList_GET_SIZE(hits); h++) {
        PyObject *hit = PyList_GET_ITEM(hits, h);
        Py_ssize_t first, last;
        /* Reading a field may run Python code (a property of a subclass): hold the hit. */
        Py_INCREF(hit);
        int ok = index_attr(hit, s_first, count, &first);
        if (ok == 1)
            ok = index_attr(hit, s_last, count, &last);
        Py_DECREF(hit);
        if (ok != 1 || last < first || PyList_GET_SIZE(keys) != count ||
            PyByteArray_GET_SIZE(covered) < count) {
            Py_DECREF(near);
            if (ok < 0)
                return NULL;
            Py_RETURN_NONE;
        }
        marks = PyByteArray_AS_STRING(covered); /* the buffer may have moved */
        if (add_neighbour(near, keys, joiners, marks, last + 1, 1) < 0 ||
            add_neighbour(near, keys, joiners, marks, first - 1, -1) < 0) {
            Py_DECREF(near);
            return NULL;
        }
    }
    return near;
}

/* Positions of the keys that are in a frozenset (verb_phrases' first pass over a text), as a
 * list. None when a key is not an exact str or the set is a subclass: the Python expression
 * then answers. A set lookup compares with equal-hash elements, and an element of another
 * type may run Python code that changes the list: each key is held while it is looked up,
 * and the list's size is read again for every key. */
static PyObject *members(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *keys, *wanted;
    if (!PyArg_ParseTuple(args, "O!O!:members", &PyList_Type, &keys, &PyFrozenSet_Type, &wanted))
        return NULL;
    if (!PyFrozenSet_CheckExact(wanted)) /* a subclass may answer membership otherwise */
        Py_RETURN_NONE;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++)
        if (!PyUnicode_CheckExact(PyList_GET_ITEM(keys, i)))
            Py_RETURN_NONE;
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *key = PyList_GET_ITEM(keys, i);
        Py_INCREF(key);
        int yes = PySet_Contains(wanted, key);
        Py_DECREF(key);
        PyObject *index = yes == 1 ? PyLong_FromSsize_t(i) : NULL;
        if (yes < 0 || (yes == 1 && (index == NULL || PyList_Append(found, index) < 0))) {
            Py_XDECREF(index);
            Py_DECREF(found);
            return NULL;
        }
        Py_XDECREF(index);
    }
    return found;
}

static PyMethodDef methods[] = {
    {"resolve", resolve, METH_VARARGS,
     "resolve(text, keys, starts, ends, seps, candidates, layout, rules) -> (hits, covered) or "
     "None, as TaxonomyExtractor._resolve before near misses."},
    {"widen", widen, METH_VARARGS,
     "widen(hits, keys, seps, starts, ends, types, tool, fuzzy, tails, not_after, vendors) -> "
     "taken or None, as TaxonomyExtractor._widen."},
    {"segments", layout_segments, METH_VARARGS,
     "segments(layout, offsets) -> [((line, index), (start, end)) or None] or None, as "
     "TextLayout.segment_of and segment_bounds."},
    {"list_neighbours", list_neighbours, METH_VARARGS,
     "list_neighbours(hits, keys, covered, joiners) -> set or None, as _list_neighbours."},
    {"members", members, METH_VARARGS,
     "members(keys, wanted) -> positions of the keys in wanted, or None, as "
     "verb_phrases.members."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_rules", "Candidate resolution accelerator.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__rules(void) {
    struct {
        PyObject **name;
        const char *text;
    } names[] = {
        {&s_segment_of, "segment_of"}, {&s_segment_bounds, "segment_bounds"},
        {&s_segment_table, "segment_table"},
        {&s_is_labelled_segment, "is_labelled_segment"}, {&s_skill_zones, "skill_zones"}, {&s_in_skill_zone, "in_skill_zone"},
        {&s_segment_words, "segment_words"}, {&s_id, "id"}, {&s_category, "category"},
        {&s_related, "related"}, {&s_broader, "broader"}, {&s_first, "first"},
        {&s_last, "last"}, {&s_entry, "entry"}, {&s_kind, "kind"}, {&s_start, "start"},
        {&s_end, "end"}, {&s_lower, "lower"}, {&s_casefold, "casefold"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((*names[i].name = PyUnicode_InternFromString(names[i].text)) == NULL)
            return NULL;
    return PyModule_Create(&module);
}
