/* Optional accelerator for tokenising a text and scanning it against the alias table (typed
 * by the Native protocol in _accelerator.py).
 *
 * tokenize() cuts text exactly as tokens._SPLIT does (same character classes: CPython's
 * Py_UNICODE_ISALNUM and Py_UNICODE_ISSPACE are what the re module's \w and \s test) and
 * builds the same keys; scan() walks the same phrase table with the same lookups, in the same
 * order, as AliasMatcher.scan_tokens. Every decision about what a token or phrase means stays
 * in Python: keys of non-ASCII tokens come from the normalize callback, missing phrase groups
 * from the build callback. Both paths give identical tokens and candidates
 * (tests/test_taxonomy_native.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline Py_ALWAYS_INLINE int is_word(Py_UCS4 ch) {
    if (ch < 128)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}

/* Characters the token pattern never starts on: whitespace and the hyphens and dashes that
 * count as spaces ("front-end" is "front end"). */
static inline Py_ALWAYS_INLINE int is_gap(Py_UCS4 ch) {
    return ch == '-' || (ch >= 0x2010 && ch <= 0x2014) || Py_UNICODE_ISSPACE(ch);
}

/* End of the token starting at i (the character there is no gap). */
static inline Py_ALWAYS_INLINE Py_ssize_t token_end(int kind, const void *data, Py_ssize_t n,
                                                    Py_ssize_t i) {
    Py_UCS4 ch = PyUnicode_READ(kind, data, i);
    Py_ssize_t k = i;
    if (ch == '.' && k + 1 < n && is_word(PyUnicode_READ(kind, data, k + 1)))
        k++; /* ".NET" */
    else if (!is_word(ch))
        return i + 1; /* one punctuation character */
    while (k < n && is_word(PyUnicode_READ(kind, data, k)))
        k++;
    while (k + 1 < n) {
        Py_UCS4 mark = PyUnicode_READ(kind, data, k);
        Py_UCS4 next = PyUnicode_READ(kind, data, k + 1);
        if (mark == '.') {
            if (!is_word(next))
                break;
        } else if (mark == '\'' || mark == 0x2019) {
            /* A possessive "'s" ends the word: (?![sS]\b) */
            if ((next == 's' || next == 'S') &&
                (k + 2 >= n || !is_word(PyUnicode_READ(kind, data, k + 2))))
                break;
            if (!is_word(next))
                break;
        } else {
            break;
        }
        k += 2;
        while (k < n && is_word(PyUnicode_READ(kind, data, k)))
            k++;
    }
    while (k < n) {
        Py_UCS4 tail = PyUnicode_READ(kind, data, k);
        if (tail != '+' && tail != '#')
            break;
        k++;
    }
    return k;
}

/* The key of text[start:end]: ASCII lowered here, anything else by normalize(token). */
static inline Py_ALWAYS_INLINE PyObject *token_key(PyObject *text, int kind, const void *data,
                                                   Py_ssize_t start, Py_ssize_t end,
                                                   int ascii_text, PyObject *normalize) {
    if (!ascii_text) {
        for (Py_ssize_t i = start; i < end; i++) {
            if (PyUnicode_READ(kind, data, i) >= 128) {
                PyObject *token = PyUnicode_Substring(text, start, end);
                if (token == NULL)
                    return NULL;
                PyObject *key = PyObject_CallOneArg(normalize, token);
                Py_DECREF(token);
                if (key != NULL && !PyUnicode_Check(key)) {
                    PyErr_SetString(PyExc_TypeError, "normalize must return a str");
                    Py_CLEAR(key);
                }
                return key;
            }
        }
    }
    PyObject *key = PyUnicode_New(end - start, 127);
    if (key == NULL)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(key);
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        out[i - start] = (Py_UCS1)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
    return key;
}

static int append_new(PyObject *list, PyObject *item) {
    if (item == NULL)
        return -1;
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed;
}

/* The tokenising loop, inlined once per string kind so that each copy reads one width (most
 * texts are Latin-1). Returns 0, or -1 with an exception set. */
static inline Py_ALWAYS_INLINE int cut(PyObject *text, int kind, const void *data, Py_ssize_t n,
                                       int ascii_text, PyObject *normalize, PyObject *keys,
                                       PyObject *starts, PyObject *ends, PyObject *seps) {
    Py_ssize_t pos = 0;
    while (pos < n) {
        Py_ssize_t start = pos;
        while (start < n && is_gap(PyUnicode_READ(kind, data, start)))
            start++;
        if (start >= n)
            break; /* the text after the last token is no token's separator */
        Py_ssize_t end = token_end(kind, data, n, start);
        if (append_new(keys, token_key(text, kind, data, start, end, ascii_text, normalize)) ||
            append_new(starts, PyLong_FromSsize_t(start)) ||
            append_new(ends, PyLong_FromSsize_t(end)) ||
            append_new(seps, PyUnicode_Substring(text, pos, start)))
            return -1;
        pos = end;
    }
    return 0;
}

static PyObject *tokenize(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *normalize;
    if (!PyArg_ParseTuple(args, "UO:tokenize", &text, &normalize) || PyUnicode_READY(text) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int ascii_text = PyUnicode_IS_ASCII(text);
    PyObject *keys = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0),
             *seps = PyList_New(0);
    if (keys == NULL || starts == NULL || ends == NULL || seps == NULL)
        goto fail;
    int failed;
    if (kind == PyUnicode_1BYTE_KIND)
        failed = cut(text, PyUnicode_1BYTE_KIND, data, n, ascii_text, normalize, keys, starts,
                     ends, seps);
    else
        failed = cut(text, kind, data, n, ascii_text, normalize, keys, starts, ends, seps);
    if (failed)
        goto fail;
    return Py_BuildValue("(NNNN)", keys, starts, ends, seps);
fail:
    Py_XDECREF(keys);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(seps);
    return NULL;
}

/* More than one line break: a blank line, which no match crosses. */
static int blank_line(PyObject *sep) {
    int kind = PyUnicode_KIND(sep);
    const void *data = PyUnicode_DATA(sep);
    Py_ssize_t n = PyUnicode_GET_LENGTH(sep), breaks = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(kind, data, i) == '\n' && ++breaks > 1)
            return 1;
    return 0;
}

static PyObject *new_candidate(PyTypeObject *type, Py_ssize_t first, Py_ssize_t last,
                               PyObject *entries) {
    /* What tuple.__new__(Candidate, (first, last, entries)) builds. */
    PyObject *candidate = type->tp_alloc(type, 3);
    if (candidate == NULL)
        return NULL;
    PyObject *a = PyLong_FromSsize_t(first), *b = PyLong_FromSsize_t(last);
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(candidate);
        return NULL;
    }
    Py_INCREF(entries);
    PyTuple_SET_ITEM(candidate, 0, a);
    PyTuple_SET_ITEM(candidate, 1, b);
    PyTuple_SET_ITEM(candidate, 2, entries);
    return candidate;
}

/* a + b + c in one new string (the phrase key of one more token); b and c are str. */
static PyObject *join3(PyObject *a, PyObject *b, PyObject *c) {
    if (!PyUnicode_Check(a) || PyUnicode_READY(a) < 0 || PyUnicode_READY(b) < 0 ||
        PyUnicode_READY(c) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "a token key is not a str");
        return NULL;
    }
    Py_ssize_t la = PyUnicode_GET_LENGTH(a), lb = PyUnicode_GET_LENGTH(b),
               lc = PyUnicode_GET_LENGTH(c);
    if (la > PY_SSIZE_T_MAX - lb - lc) {
        PyErr_NoMemory();
        return NULL;
    }
    Py_UCS4 widest = PyUnicode_MAX_CHAR_VALUE(a);
    if (PyUnicode_MAX_CHAR_VALUE(b) > widest)
        widest = PyUnicode_MAX_CHAR_VALUE(b);
    if (PyUnicode_MAX_CHAR_VALUE(c) > widest)
        widest = PyUnicode_MAX_CHAR_VALUE(c);
    PyObject *out = PyUnicode_New(la + lb + lc, widest);
    if (out == NULL)
        return NULL;
    if (PyUnicode_CopyCharacters(out, 0, a, 0, la) < 0 ||
        PyUnicode_CopyCharacters(out, la, b, 0, lb) < 0 ||
        PyUnicode_CopyCharacters(out, la + lb, c, 0, lc) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* table.get(key) as a new reference, NULL with no error set when absent. */
static PyObject *table_get(PyObject *table, PyObject *key) {
    PyObject *hit = PyDict_GetItemWithError(table, key);
    Py_XINCREF(hit);
    return hit;
}

static PyObject *scan(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *keys, *seps, *table, *indexed, *build, *separator;
    PyTypeObject *candidate_type;
    if (!PyArg_ParseTuple(args, "O!O!O!OOO!U:scan", &PyList_Type, &keys, &PyList_Type, &seps,
                          &PyDict_Type, &table, &indexed, &build, &PyType_Type, &candidate_type,
                          &separator))
        return NULL;
    if (!PyType_IsSubtype(candidate_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "the candidate type must be a tuple type");
        return NULL;
    }
    if (PyList_GET_SIZE(seps) != PyList_GET_SIZE(keys)) {
        PyErr_SetString(PyExc_ValueError, "keys and seps differ in length");
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return NULL;
    /* The lengths are read again on every step: the build callback runs Python code. */
    for (Py_ssize_t first = 0; first < PyList_GET_SIZE(keys); first++) {
        PyObject *key = PyList_GET_ITEM(keys, first);
        Py_INCREF(key);
        PyObject *hit = table_get(table, key);
        if (hit == NULL) {
            if (PyErr_Occurred())
                goto fail_key;
            int known = PySequence_Contains(indexed, key);
            int built = known == 1 ? PyDict_Contains(table, key) : 0;
            if (known < 0 || built < 0)
                goto fail_key;
            if (!known || built) {
                Py_DECREF(key);
                continue;
            }
            PyObject *done = PyObject_CallOneArg(build, key);
            if (done == NULL)
                goto fail_key;
            Py_DECREF(done);
            hit = table_get(table, key);
            if (hit == NULL) {
                if (PyErr_Occurred())
                    goto fail_key;
                Py_DECREF(key);
                continue;
            }
        }
        Py_ssize_t last = first;
        for (;;) {
            if (!PyTuple_Check(hit) || PyTuple_GET_SIZE(hit) != 2) {
                PyErr_SetString(PyExc_TypeError, "a phrase table value is not (entries, extends)");
                goto fail_hit;
            }
            PyObject *entries = PyTuple_GET_ITEM(hit, 0);
            int any = PyObject_IsTrue(entries);
            int extends = any < 0 ? -1 : PyObject_IsTrue(PyTuple_GET_ITEM(hit, 1));
            if (extends < 0)
                goto fail_hit;
            if (any && append_new(found, new_candidate(candidate_type, first, last, entries)))
                goto fail_hit;
            last++;
            Py_DECREF(hit);
            hit = NULL;
            if (!extends || last >= PyList_GET_SIZE(keys) || last >= PyList_GET_SIZE(seps))
                break;
            PyObject *sep = PyList_GET_ITEM(seps, last);
            if (!PyUnicode_Check(sep) || PyUnicode_READY(sep) < 0) {
                PyErr_SetString(PyExc_TypeError, "a separator is not a str");
                goto fail_key;
            }
            if (blank_line(sep))
                break;
            PyObject *next = PyList_GET_ITEM(keys, last);
            if (!PyUnicode_Check(next) || PyUnicode_READY(next) < 0) {
                PyErr_SetString(PyExc_TypeError, "a token key is not a str");
                goto fail_key;
            }
            PyObject *joined = join3(key, separator, next);
            Py_DECREF(key);
            key = joined;
            if (key == NULL)
                goto fail;
            hit = table_get(table, key);
            if (hit == NULL) {
                if (PyErr_Occurred())
                    goto fail_key;
                break;
            }
        }
        Py_DECREF(key);
        continue;
    fail_hit:
        Py_XDECREF(hit);
    fail_key:
        Py_DECREF(key);
        goto fail;
    }
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

static PyMethodDef methods[] = {
    {"tokenize", tokenize, METH_VARARGS,
     "tokenize(text, normalize) -> (keys, starts, ends, seps), as tokens.tokenize."},
    {"scan", scan, METH_VARARGS,
     "scan(keys, seps, table, indexed, build, candidate_type, separator) -> candidates, as "
     "AliasMatcher.scan_tokens."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Tokeniser and alias-scan accelerator.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
