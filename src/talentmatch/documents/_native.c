/* Optional accelerator of documents/_assemble.py: one page's visible lines, offsets and
 * blocks (_place_page) in C. Assembly runs once per line of every document read; in Python
 * it was a tenth of loading a PDF.
 *
 * Only the common case is decided here: printable-ASCII lines without "(cid:" (clean_line
 * would only strip their trailing spaces), blank-line gaps, the offsets, and blocks whose
 * fields already have the model's types. Everything else calls the Python functions
 * _assemble.py hands over (_cleaned, _Hidden.add, join_hyphenated, _block, _too_large), so
 * the Python code stays the one statement of the rules; a page of unexpected types is left
 * to Python whole. tests/test_assembly_native.py holds both paths to identical documents
 * and errors.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <structmember.h>

/* Interned names and constants, made once at import; never changed afterwards. */
static PyObject *name_text, *name_kind, *name_hidden, *name_font_size, *name_bold, *name_x0,
    *name_column, *name_start, *name_end, *name_page, *name_span, *name_add, *name_lstrip;
static PyObject *line_break, *blank_line; /* "\n" and "\n\n" */
/* The models' value dicts in field order; copying a small dict copies its key table, which
 * costs less than inserting each key into a new one. */
static PyObject *span_template, *block_template;

/* What _assemble.assemble hands over with every page (_context()). */
typedef struct {
    PyObject *raw_block;  /* RawBlock: other block types leave the page to Python */
    PyObject *block_kind; /* BlockKind */
    PyObject *span, *block;   /* the Span and Block model classes */
    PyObject *new_model;      /* trusted_model or its compiled copy */
    PyObject *cleaned;        /* _cleaned(text, hidden, page) -> (text, zero_width) */
    PyObject *join;           /* join_hyphenated(previous, following) -> str | None */
    PyObject *slow_block;     /* _block(raw, start, end, page, new_model) -> Block */
    PyObject *too_large;      /* _too_large(max_chars) -> DocumentTooLargeError */
    /* Where RawBlock's slots lie in an instance (-1: read it by name); see field(). */
    Py_ssize_t text, kind, hidden, font_size, bold, x0, column;
} Context;

/* The offset of a RawBlock slot in its instances, or -1 when the name is not a plain slot. */
static Py_ssize_t slot_offset(PyObject *type, PyObject *name) {
    PyObject *descriptor = PyDict_GetItemWithError(((PyTypeObject *)type)->tp_dict, name);
    if (descriptor == NULL || Py_TYPE(descriptor) != &PyMemberDescr_Type) {
        PyErr_Clear();
        return -1;
    }
    PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
    return member->type == T_OBJECT_EX ? member->offset : -1;
}

/* getattr(block, name) of an exact RawBlock: its slot read in place, which is most of the
 * cost of a getattr; by name when the slot is empty (the AttributeError) or not a slot. */
static PyObject *field(PyObject *block, Py_ssize_t offset, PyObject *name) {
    if (offset >= 0) {
        PyObject *value = *(PyObject **)((char *)block + offset);
        if (value != NULL)
            return Py_NewRef(value);
    }
    return PyObject_GetAttr(block, name);
}

typedef struct {
    PyObject *text;  /* owned */
    PyObject *block; /* borrowed from the page's snapshot */
    int blank_before;
} Line;

/* Characters clean_line leaves as they are wherever they stand (bar a leading bullet): printable
 * ASCII, and blocks of letters and punctuation without zero-width, space, control, tag,
 * private-use, ligature or soft-hyphen characters, combining marks, characters NFC changes
 * or characters NFC composes with the one before. tests/test_assembly_native.py checks every
 * code point and every canonical composition against clean_line. */
static int inert(Py_UCS4 c) {
    if (c < 0x80)
        return c >= 0x20 && c <= 0x7e;
    if (c < 0x300) /* Latin-1 letters and signs, Latin Extended, IPA, spacing modifiers */
        return c >= 0xa1 && c != 0xad;
    if (c < 0x500) /* Greek (bar its three NFC singletons) and Cyrillic (bar its marks) */
        return (c >= 0x370 && c <= 0x3ff && c != 0x374 && c != 0x37e && c != 0x387) ||
               (c >= 0x400 && c <= 0x482) || c >= 0x48a;
    if (c < 0x2000) /* Arabic letters and digits, without their vowel marks */
        return (c >= 0x621 && c <= 0x64a) || (c >= 0x660 && c <= 0x669);
    if (c < 0x3000) /* dashes, quotes, bullets, primes; currency signs */
        return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) ||
               (c >= 0x20a0 && c <= 0x20bf);
    if (c < 0x4e00) /* CJK punctuation and kana, without the ideographic space and marks */
        return (c >= 0x3001 && c <= 0x3029) || (c >= 0x3030 && c <= 0x303f) ||
               (c >= 0x3041 && c <= 0x3096) || (c >= 0x309b && c <= 0x30ff);
    return c <= 0x9fff || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xff01 && c <= 0xff5e);
}

/* The inert characters clean_line takes for a bullet at the start of a line. */
static int bullet(Py_UCS4 c) {
    return c == 0xb7 || c == 0x2022 || c == 0x2023 || c == 0x2027 || c == 0x2043;
}

/* Whether clean_line(text) would only strip trailing spaces: every character inert, no
 * "(cid:", and no leading bullet other than clean_line's own "• " before a word. */
static int plain(PyObject *text) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t first = -1;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!inert(c))
            return 0;
        if (first < 0 && c != ' ')
            first = i;
        if (c == '(' && i + 5 <= length && PyUnicode_READ(kind, data, i + 1) == 'c' &&
            PyUnicode_READ(kind, data, i + 2) == 'i' && PyUnicode_READ(kind, data, i + 3) == 'd' &&
            PyUnicode_READ(kind, data, i + 4) == ':')
            return 0;
    }
    if (first < 0 || !bullet(PyUnicode_READ(kind, data, first)))
        return 1;
    if (first > 0 || length < 3 || PyUnicode_READ(kind, data, 0) != 0x2022 ||
        PyUnicode_READ(kind, data, 1) != ' ')
        return 0;
    Py_UCS4 word = PyUnicode_READ(kind, data, 2);
    return word != ' ' && !bullet(word);
}

/* text.rstrip() of plain text: a space is its only whitespace. New reference. */
static PyObject *rstrip_spaces(PyObject *text) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t end = PyUnicode_GET_LENGTH(text);
    if (end == 0 || PyUnicode_READ(kind, data, end - 1) != ' ')
        return Py_NewRef(text);
    while (end > 0 && PyUnicode_READ(kind, data, end - 1) == ' ')
        end--;
    return PyUnicode_Substring(text, 0, end);
}

/* not text.strip(): str.strip() removes exactly the Py_UNICODE_ISSPACE characters. */
static int is_blank(PyObject *text) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < length; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            return 0;
    return 1;
}

/* text.endswith(("-", "-\n")) */
static int ends_with_hyphen(PyObject *text) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (length >= 1 && PyUnicode_READ(kind, data, length - 1) == '-')
        return 1;
    return length >= 2 && PyUnicode_READ(kind, data, length - 1) == '\n' &&
           PyUnicode_READ(kind, data, length - 2) == '-';
}

/* 1 when value >= 0 for an exact int (column >= 0 in _block). */
static int non_negative(PyObject *value) {
    int overflow = 0;
    long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow)
        return overflow > 0;
    if (number == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    return number >= 0;
}

static PyObject *filled(PyObject *template, PyObject *const *keys, PyObject *const *values,
                        int count) {
    PyObject *dict = PyDict_Copy(template);
    if (dict == NULL)
        return NULL;
    for (int i = 0; i < count; i++) {
        if (PyDict_SetItem(dict, keys[i], values[i]) < 0) {
            Py_DECREF(dict);
            return NULL;
        }
    }
    return dict;
}

static PyObject *call_new_model(const Context *context, PyObject *cls, PyObject *values) {
    if (values == NULL)
        return NULL;
    PyObject *args[2] = {cls, values};
    PyObject *model = PyObject_Vectorcall(context->new_model, args, 2, NULL);
    Py_DECREF(values);
    return model;
}

/* _assemble._block(raw, start, end, page, new_model): the models built here when the
 * reader's values already have the field types; _block itself otherwise. */
static PyObject *make_block(const Context *context, PyObject *raw, Py_ssize_t start,
                            Py_ssize_t end, PyObject *page, Py_ssize_t page_number) {
    PyObject *fields[5] = {NULL, NULL, NULL, NULL, NULL}; /* font_size bold x0 column kind */
    PyObject *names[5] = {name_font_size, name_bold, name_x0, name_column, name_kind};
    Py_ssize_t offsets[5] = {context->font_size, context->bold, context->x0, context->column,
                             context->kind};
    PyObject *result = NULL, *start_object = NULL, *end_object = NULL;
    for (int i = 0; i < 5; i++)
        if ((fields[i] = field(raw, offsets[i], names[i])) == NULL)
            goto done;
    PyObject *size = fields[0], *bold = fields[1], *x0 = fields[2], *column = fields[3];
    PyObject *kind = fields[4];
    if ((start_object = PyLong_FromSsize_t(start)) == NULL ||
        (end_object = PyLong_FromSsize_t(end)) == NULL)
        goto done;
    if ((size == Py_None || PyFloat_CheckExact(size)) && (bold == Py_None || PyBool_Check(bold)) &&
        (x0 == Py_None || PyFloat_CheckExact(x0)) &&
        (column == Py_None || (PyLong_CheckExact(column) && non_negative(column))) &&
        (PyObject *)Py_TYPE(kind) == context->block_kind && 0 <= start && start <= end &&
        page_number >= 1) {
        PyObject *span_keys[3] = {name_start, name_end, name_page};
        PyObject *span_values[3] = {start_object, end_object, page};
        PyObject *span = call_new_model(context, context->span,
                                        filled(span_template, span_keys, span_values, 3));
        if (span == NULL)
            goto done;
        PyObject *block_keys[6] = {name_span, name_kind, name_font_size, name_bold, name_x0,
                                   name_column};
        PyObject *block_values[6] = {span, kind, size, bold, x0, column};
        result = call_new_model(context, context->block,
                                filled(block_template, block_keys, block_values, 6));
        Py_DECREF(span);
    } else {
        PyObject *args[5] = {raw, start_object, end_object, page, context->new_model};
        result = PyObject_Vectorcall(context->slow_block, args, 5, NULL);
    }
done:
    for (int i = 0; i < 5; i++)
        Py_XDECREF(fields[i]);
    Py_XDECREF(start_object);
    Py_XDECREF(end_object);
    return result;
}

/* _assemble._visible_lines for one page, into lines (count in *count). 0, or -1 with an
 * exception set. */
static int visible_lines(const Context *context, PyObject *const *blocks, PyObject *const *texts,
                         Py_ssize_t size, PyObject *page, PyObject *hidden, Line *lines,
                         Py_ssize_t *count, Py_ssize_t *zero_width) {
    int blank = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *block = blocks[i], *text;
        if (plain(texts[i])) {
            text = rstrip_spaces(texts[i]);
        } else {
            PyObject *args[3] = {texts[i], hidden, page};
            PyObject *cleaned = PyObject_Vectorcall(context->cleaned, args, 3, NULL);
            if (cleaned == NULL)
                return -1;
            if (!PyTuple_CheckExact(cleaned) || PyTuple_GET_SIZE(cleaned) != 2 ||
                !PyUnicode_CheckExact(PyTuple_GET_ITEM(cleaned, 0))) {
                Py_DECREF(cleaned);
                PyErr_SetString(PyExc_TypeError, "_cleaned must return (str, int)");
                return -1;
            }
            Py_ssize_t removed = PyLong_AsSsize_t(PyTuple_GET_ITEM(cleaned, 1));
            text = Py_NewRef(PyTuple_GET_ITEM(cleaned, 0));
            Py_DECREF(cleaned);
            if (removed == -1 && PyErr_Occurred()) {
                Py_DECREF(text);
                return -1;
            }
            *zero_width += removed;
        }
        if (text == NULL)
            return -1;
        PyObject *hidden_kind = field(block, context->hidden, name_hidden);
        if (hidden_kind == NULL) {
            Py_DECREF(text);
            return -1;
        }
        if (hidden_kind != Py_None) {
            PyObject *args[4] = {hidden, hidden_kind, page, text};
            PyObject *added = PyObject_VectorcallMethod(
                name_add, args, 4, NULL);
            Py_DECREF(hidden_kind);
            Py_DECREF(text);
            if (added == NULL)
                return -1;
            Py_DECREF(added);
            continue;
        }
        Py_DECREF(hidden_kind);
        if (is_blank(text)) {
            /* An empty block is a paragraph gap: keep one blank line between text. */
            blank = *count > 0;
            Py_DECREF(text);
            continue;
        }
        if (*count > 0 && !blank && ends_with_hyphen(lines[*count - 1].text)) {
            Line *last = &lines[*count - 1];
            PyObject *following = PyObject_CallMethodNoArgs(text, name_lstrip);
            if (following == NULL) {
                Py_DECREF(text);
                return -1;
            }
            PyObject *args[2] = {last->text, following};
            PyObject *joined = PyObject_Vectorcall(context->join, args, 2, NULL);
            Py_DECREF(following);
            if (joined == NULL) {
                Py_DECREF(text);
                return -1;
            }
            int same_kind = 0;
            if (joined != Py_None) {
                /* last_block.kind == block.kind, as Python compares (no identity shortcut) */
                PyObject *last_kind = field(last->block, context->kind, name_kind);
                PyObject *kind = last_kind ? field(block, context->kind, name_kind) : NULL;
                PyObject *equal = kind ? PyObject_RichCompare(last_kind, kind, Py_EQ) : NULL;
                same_kind = equal ? PyObject_IsTrue(equal) : -1;
                Py_XDECREF(last_kind);
                Py_XDECREF(kind);
                Py_XDECREF(equal);
            }
            if (same_kind < 0 || (same_kind && !PyUnicode_CheckExact(joined))) {
                if (same_kind >= 0)
                    PyErr_SetString(PyExc_TypeError, "join_hyphenated must return str or None");
                Py_DECREF(joined);
                Py_DECREF(text);
                return -1;
            }
            if (same_kind) {
                Py_SETREF(last->text, joined);
                Py_DECREF(text);
                continue;
            }
            Py_DECREF(joined);
        }
        lines[*count].text = text;
        lines[*count].block = block;
        lines[*count].blank_before = blank;
        (*count)++;
        blank = 0;
    }
    return 0;
}

/* Lines to pieces and blocks (the loop of _place_page). The new offset, or -1 with an
 * exception set. */
static Py_ssize_t place_lines(const Context *context, const Line *lines, Py_ssize_t count,
                              Py_ssize_t offset, long long max_chars, PyObject *max_chars_object,
                              PyObject *page, Py_ssize_t page_number, PyObject *pieces,
                              PyObject *out) {
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i > 0) {
            PyObject *separator = lines[i].blank_before ? blank_line : line_break;
            if (PyList_Append(pieces, separator) < 0)
                return -1;
            offset += PyUnicode_GET_LENGTH(separator);
        }
        Py_ssize_t start = offset;
        if (PyList_Append(pieces, lines[i].text) < 0)
            return -1;
        offset += PyUnicode_GET_LENGTH(lines[i].text);
        if ((long long)offset > max_chars) {
            PyObject *error = PyObject_CallOneArg(context->too_large, max_chars_object);
            if (error != NULL) {
                PyErr_SetObject((PyObject *)Py_TYPE(error), error);
                Py_DECREF(error);
            }
            return -1;
        }
        PyObject *block = make_block(context, lines[i].block, start, offset, page, page_number);
        if (block == NULL)
            return -1;
        int failed = PyList_Append(out, block);
        Py_DECREF(block);
        if (failed)
            return -1;
    }
    return offset;
}

/* place_page(blocks, page, offset, max_chars, pieces, out, hidden, context): what
 * _assemble._place_page returns, (offset, line count, zero-width characters removed), or
 * None when the page holds something else than RawBlocks with str text (Python places it;
 * nothing was changed yet). */
static PyObject *place_page(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    Context context;
    if (nargs != 8 || !PyTuple_Check(args[7]) ||
        !PyArg_ParseTuple(args[7], "OOOOOOOOO:place_page context", &context.raw_block,
                          &context.block_kind, &context.span, &context.block,
                          &context.new_model, &context.cleaned, &context.join,
                          &context.slow_block, &context.too_large)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "place_page takes 8 arguments, the last a tuple");
        return NULL;
    }
    if (!PyType_Check(context.raw_block) || !PyType_Check(context.block_kind)) {
        PyErr_SetString(PyExc_TypeError, "place_page context: RawBlock and BlockKind types");
        return NULL;
    }
    context.text = slot_offset(context.raw_block, name_text);
    context.kind = slot_offset(context.raw_block, name_kind);
    context.hidden = slot_offset(context.raw_block, name_hidden);
    context.font_size = slot_offset(context.raw_block, name_font_size);
    context.bold = slot_offset(context.raw_block, name_bold);
    context.x0 = slot_offset(context.raw_block, name_x0);
    context.column = slot_offset(context.raw_block, name_column);
    PyObject *blocks = args[0], *page = args[1], *pieces = args[4], *out = args[5];
    PyObject *hidden = args[6], *max_chars_object = args[3];
    if (!PyList_CheckExact(blocks) || !PyLong_CheckExact(page) || !PyLong_CheckExact(args[2]) ||
        !PyLong_CheckExact(max_chars_object) || !PyList_Check(pieces) || !PyList_Check(out))
        Py_RETURN_NONE;
    Py_ssize_t page_number = PyLong_AsSsize_t(page);
    Py_ssize_t offset = PyLong_AsSsize_t(args[2]);
    if ((page_number == -1 || offset == -1) && PyErr_Occurred()) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    int overflow = 0;
    long long max_chars = PyLong_AsLongLongAndOverflow(max_chars_object, &overflow);
    if (overflow)
        max_chars = overflow > 0 ? LLONG_MAX : LLONG_MIN;

    /* A snapshot of the page, checked before anything changes. */
    Py_ssize_t size = PyList_GET_SIZE(blocks);
    PyObject **items = PyMem_Calloc(size > 0 ? 2 * size : 1, sizeof(PyObject *));
    Line *lines = PyMem_Calloc(size > 0 ? size : 1, sizeof(Line));
    PyObject *result = NULL;
    Py_ssize_t count = 0, zero_width = 0, filled_items = 0;
    if (items == NULL || lines == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject **texts = items + size;
    int eligible = 1;
    for (; filled_items < size; filled_items++) {
        PyObject *block = PyList_GET_ITEM(blocks, filled_items);
        if ((PyObject *)Py_TYPE(block) != context.raw_block) {
            eligible = 0;
            break;
        }
        PyObject *text = field(block, context.text, name_text);
        if (text == NULL)
            goto done;
        items[filled_items] = Py_NewRef(block);
        texts[filled_items] = text;
        if (!PyUnicode_CheckExact(text)) {
            filled_items++;
            eligible = 0;
            break;
        }
    }
    if (!eligible) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (visible_lines(&context, items, texts, size, page, hidden, lines, &count, &zero_width) < 0)
        goto done;
    offset = place_lines(&context, lines, count, offset, max_chars, max_chars_object, page,
                         page_number, pieces, out);
    if (offset < 0)
        goto done;
    result = Py_BuildValue("(nnn)", offset, count, zero_width);
done:
    for (Py_ssize_t i = 0; i < count; i++)
        Py_DECREF(lines[i].text);
    if (items != NULL) {
        for (Py_ssize_t i = 0; i < filled_items; i++) {
            Py_DECREF(items[i]);
            Py_DECREF(items[size + i]);
        }
    }
    PyMem_Free(items);
    PyMem_Free(lines);
    return result;
}

static PyMethodDef methods[] = {
    {"place_page", (PyCFunction)(void (*)(void))place_page, METH_FASTCALL,
     "place_page(blocks, page, offset, max_chars, pieces, out, hidden, context) -> "
     "(offset, lines, zero_width) or None, as documents._assemble._place_page."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Document-assembly accelerator.", -1, methods,
    NULL, NULL, NULL, NULL,
};

static PyObject *template_of(PyObject *const *keys, int count) {
    PyObject *dict = PyDict_New();
    for (int i = 0; dict != NULL && i < count; i++) {
        if (PyDict_SetItem(dict, keys[i], Py_None) < 0)
            Py_CLEAR(dict);
    }
    return dict;
}

PyMODINIT_FUNC PyInit__native(void) {
    struct {
        PyObject **slot;
        const char *text;
    } names[] = {
        {&name_text, "text"},     {&name_kind, "kind"},     {&name_hidden, "hidden"},
        {&name_font_size, "font_size"}, {&name_bold, "bold"}, {&name_x0, "x0"},
        {&name_column, "column"}, {&name_start, "start"},   {&name_end, "end"},
        {&name_page, "page"},     {&name_span, "span"},     {&name_add, "add"},
        {&name_lstrip, "lstrip"}, {&line_break, "\n"},      {&blank_line, "\n\n"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (*names[i].slot == NULL &&
            (*names[i].slot = PyUnicode_InternFromString(names[i].text)) == NULL)
            return NULL;
    PyObject *span_keys[3] = {name_start, name_end, name_page};
    PyObject *block_keys[6] = {name_span, name_kind, name_font_size, name_bold, name_x0,
                               name_column};
    if (span_template == NULL && (span_template = template_of(span_keys, 3)) == NULL)
        return NULL;
    if (block_template == NULL && (block_template = template_of(block_keys, 6)) == NULL)
        return NULL;
    return PyModule_Create(&module);
}
