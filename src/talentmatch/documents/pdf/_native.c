/* Optional accelerator for the pdfium engine's hottest loops (see _native.pyi).
 *
 * It makes the same pdfium calls, in the same order, as the pure-Python code in
 * _pdfium_page.py, and returns the raw values those calls give; every decision and all
 * floating-point arithmetic stay in Python, so both paths produce identical scenes.
 * pdfium is never linked: bind() receives the addresses of its functions from pypdfium2's
 * ctypes bindings, which are fixed for the life of the process.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    float a, b, c, d, e, f;
} Matrix;

typedef struct {
    float left, top, right, bottom;
} RectF;

typedef int (*count_objects_fn)(void *);
typedef void *(*page_get_object_fn)(void *, int);
typedef void *(*form_get_object_fn)(void *, unsigned long);
typedef int (*int_of_fn)(void *);
typedef void *(*ptr_of_fn)(void *);
typedef int (*fill_fn)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
typedef int (*draw_mode_fn)(void *, int *, int *);
typedef int (*matrix_fn)(void *, Matrix *);
typedef void *(*text_object_fn)(void *, int);
typedef int (*loose_box_fn)(void *, int, RectF *);
typedef double (*font_size_fn)(void *, int);
typedef int (*text_matrix_fn)(void *, int, Matrix *);

/* Set once by bind(); the same addresses on every call, so this is configuration, not state
 * that could differ between callers. */
static struct {
    int bound;
    count_objects_fn page_count_objects;
    page_get_object_fn page_get_object;
    count_objects_fn form_count_objects;
    form_get_object_fn form_get_object;
    int_of_fn obj_type;
    int_of_fn text_render_mode;
    fill_fn obj_fill_color;
    ptr_of_fn text_font;
    draw_mode_fn path_draw_mode;
    matrix_fn obj_matrix;
    text_object_fn text_get_object;
    loose_box_fn text_loose_box;
    font_size_fn text_font_size;
    text_matrix_fn text_matrix;
} api;

enum { PATH = 2, IMAGE = 3, SHADING = 4, FORM = 5 };

static PyObject *bind(PyObject *self, PyObject *args) {
    (void)self;
    unsigned long long a[14];
    if (!PyArg_ParseTuple(args, "(KKKKKKKKKKKKKK)", &a[0], &a[1], &a[2], &a[3], &a[4], &a[5],
                          &a[6], &a[7], &a[8], &a[9], &a[10], &a[11], &a[12], &a[13]))
        return NULL;
    for (int i = 0; i < 14; i++) {
        if (!a[i]) {
            PyErr_SetString(PyExc_ValueError, "a pdfium function address is NULL");
            return NULL;
        }
    }
    api.page_count_objects = (count_objects_fn)(uintptr_t)a[0];
    api.page_get_object = (page_get_object_fn)(uintptr_t)a[1];
    api.form_count_objects = (count_objects_fn)(uintptr_t)a[2];
    api.form_get_object = (form_get_object_fn)(uintptr_t)a[3];
    api.obj_type = (int_of_fn)(uintptr_t)a[4];
    api.text_render_mode = (int_of_fn)(uintptr_t)a[5];
    api.obj_fill_color = (fill_fn)(uintptr_t)a[6];
    api.text_font = (ptr_of_fn)(uintptr_t)a[7];
    api.path_draw_mode = (draw_mode_fn)(uintptr_t)a[8];
    api.obj_matrix = (matrix_fn)(uintptr_t)a[9];
    api.text_get_object = (text_object_fn)(uintptr_t)a[10];
    api.text_loose_box = (loose_box_fn)(uintptr_t)a[11];
    api.text_font_size = (font_size_fn)(uintptr_t)a[12];
    api.text_matrix = (text_matrix_fn)(uintptr_t)a[13];
    api.bound = 1;
    Py_RETURN_NONE;
}

static int require_bound(void) {
    if (!api.bound) {
        PyErr_SetString(PyExc_RuntimeError, "_native.bind() has not been called");
        return 0;
    }
    return 1;
}

static void *pointer_arg(PyObject *value) {
    void *pointer = PyLong_AsVoidPtr(value);
    if (pointer == NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a pdfium handle is NULL");
    return pointer;
}

/* The walk's working set: outputs, limits and the counters the Python walk keeps. */
typedef struct {
    PyObject *raw_texts; /* dict: object address -> (render, fill, position, matrix, font) */
    PyObject *filled;    /* list of (object, colour, alpha, position, matrix) */
    PyObject *check;     /* the deadline's check(), called every 2000 objects */
    PyObject *compose;   /* Python's matrix composition, so the arithmetic is the same */
    long max_objects;
    long max_paths;
    long position;
    long paths;
} Walk;

static PyObject *handle_or_none(void *pointer) {
    if (pointer == NULL)
        Py_RETURN_NONE;
    return PyLong_FromVoidPtr(pointer);
}

static int walk_level(Walk *w, void *parent, int is_form, PyObject *matrix) {
    long count = is_form ? api.form_count_objects(parent) : api.page_count_objects(parent);
    unsigned int r, g, b, a;
    for (long index = 0; index < count; index++) {
        void *obj = is_form ? api.form_get_object(parent, (unsigned long)index)
                            : api.page_get_object(parent, (int)index);
        if (obj == NULL)
            continue;
        w->position += 1;
        if (w->position > w->max_objects)
            break;
        if (w->position % 2000 == 0) {
            PyObject *done = PyObject_CallNoArgs(w->check);
            if (done == NULL)
                return -1;
            Py_DECREF(done);
        }
        int render = api.text_render_mode(obj);
        if (render >= 0) {
            PyObject *fill, *font, *key, *entry = NULL;
            if (api.obj_fill_color(obj, &r, &g, &b, &a))
                fill = Py_BuildValue("(IIII)", r, g, b, a);
            else
                fill = Py_NewRef(Py_None);
            void *font_handle = api.text_font(obj);
            font = font_handle ? PyLong_FromVoidPtr(font_handle) : PyLong_FromLong(0);
            key = PyLong_FromVoidPtr(obj);
            if (fill && font && key)
                entry = Py_BuildValue("(iOlOO)", render, fill, w->position, matrix, font);
            int failed = entry == NULL || PyDict_SetItem(w->raw_texts, key, entry) < 0;
            Py_XDECREF(fill);
            Py_XDECREF(font);
            Py_XDECREF(key);
            Py_XDECREF(entry);
            if (failed)
                return -1;
            continue;
        }
        int kind = api.obj_type(obj);
        PyObject *entry = NULL;
        if (kind == PATH) {
            w->paths += 1;
            int mode = 0, stroke = 0;
            int filled = w->paths <= w->max_paths && api.path_draw_mode(obj, &mode, &stroke) && mode;
            if (filled && api.obj_fill_color(obj, &r, &g, &b, &a)) {
                entry = Py_BuildValue("(N(ddd)dlO)", PyLong_FromVoidPtr(obj), r / 255.0, g / 255.0,
                                      b / 255.0, a / 255.0, w->position, matrix);
                if (entry == NULL)
                    return -1;
            }
        } else if (kind == IMAGE || kind == SHADING) {
            entry = Py_BuildValue("(NOdlO)", PyLong_FromVoidPtr(obj), Py_None, 1.0, w->position,
                                  matrix);
            if (entry == NULL)
                return -1;
        } else if (kind == FORM) {
            Matrix m;
            PyObject *inner;
            if (api.obj_matrix(obj, &m)) {
                inner = PyObject_CallFunction(w->compose, "(dddddd)O", (double)m.a, (double)m.b,
                                              (double)m.c, (double)m.d, (double)m.e, (double)m.f,
                                              matrix);
                if (inner == NULL)
                    return -1;
            } else {
                inner = Py_NewRef(matrix);
            }
            int failed = walk_level(w, obj, 1, inner);
            Py_DECREF(inner);
            if (failed)
                return -1;
        }
        if (entry != NULL) {
            int failed = PyList_Append(w->filled, entry);
            Py_DECREF(entry);
            if (failed)
                return -1;
        }
    }
    return 0;
}

static PyObject *walk(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *page_arg;
    Walk w = {0};
    if (!PyArg_ParseTuple(args, "OO!O!OOll", &page_arg, &PyDict_Type, &w.raw_texts, &PyList_Type,
                          &w.filled, &w.check, &w.compose, &w.max_objects, &w.max_paths))
        return NULL;
    if (!require_bound())
        return NULL;
    void *page = pointer_arg(page_arg);
    if (page == NULL)
        return NULL;
    if (walk_level(&w, page, 0, Py_None))
        return NULL;
    return Py_BuildValue("(ll)", w.position, w.paths);
}

/* For each line (first, last): the objects of its first, middle and last characters, the
 * font size and matrix of its first character, and the loose boxes of its ends. */
static PyObject *line_facts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *textpage_arg;
    Py_buffer bounds;
    if (!PyArg_ParseTuple(args, "Oy*", &textpage_arg, &bounds))
        return NULL;
    PyObject *result = NULL;
    if (!require_bound())
        goto done;
    void *tp = pointer_arg(textpage_arg);
    if (tp == NULL)
        goto done;
    if (bounds.itemsize != 1 || bounds.len % (2 * sizeof(int)) != 0) {
        PyErr_SetString(PyExc_ValueError, "bounds must be the bytes of array('i') pairs");
        goto done;
    }
    const int *pairs = (const int *)bounds.buf;
    Py_ssize_t lines = bounds.len / (Py_ssize_t)(2 * sizeof(int));
    result = PyList_New(lines);
    if (result == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < lines; i++) {
        int first = pairs[2 * i], last = pairs[2 * i + 1];
        RectF fb = {0}, lb = {0};
        Matrix m = {0};
        void *first_obj = api.text_get_object(tp, first);
        void *middle_obj = api.text_get_object(tp, (first + last) / 2);
        void *last_obj = api.text_get_object(tp, last);
        double size = api.text_font_size(tp, first);
        int has_matrix = api.text_matrix(tp, first, &m) != 0;
        api.text_loose_box(tp, first, &fb);
        if (last != first)
            api.text_loose_box(tp, last, &lb);
        else
            lb = fb;
        PyObject *item = Py_BuildValue(
            "(NNNdNddddd(dddd)(dddd))", handle_or_none(first_obj), handle_or_none(middle_obj),
            handle_or_none(last_obj), size, PyBool_FromLong(has_matrix), (double)m.a,
            (double)m.b, (double)m.c, (double)m.d, (double)m.f, (double)fb.left,
            (double)fb.bottom, (double)fb.right, (double)fb.top, (double)lb.left,
            (double)lb.bottom, (double)lb.right, (double)lb.top);
        if (item == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, item);
    }
done:
    PyBuffer_Release(&bounds);
    return result;
}

/* First index in (same, differ] whose text object is not obj (PdfiumPage._boundary). */
static int boundary(void *tp, void *obj, int same, int differ) {
    while (differ - same > 1) {
        int middle = (same + differ) / 2;
        if (api.text_get_object(tp, middle) == obj)
            same = middle;
        else
            differ = middle;
    }
    return differ;
}

/* Where PdfiumPage._respace inserts spaces in text[first:last + 1]: at each word's object
 * boundary whose gap (left of the next glyph minus right of the previous one) exceeds gap. */
static PyObject *respace(PyObject *self, PyObject *args) {
    PyObject *textpage_arg, *text;
    Py_ssize_t first, last;
    double gap;
    (void)self;
    if (!PyArg_ParseTuple(args, "OUnnd", &textpage_arg, &text, &first, &last, &gap))
        return NULL;
    if (!require_bound())
        return NULL;
    void *tp = pointer_arg(textpage_arg);
    if (tp == NULL)
        return NULL;
    if (first < 0 || last >= PyUnicode_GET_LENGTH(text) || last > INT_MAX) {
        PyErr_SetString(PyExc_IndexError, "line bounds outside the text");
        return NULL;
    }
    PyObject *inserts = PyList_New(0);
    if (inserts == NULL)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t word = first;
    for (Py_ssize_t i = first; i <= last + 1; i++) {
        if (i <= last && PyUnicode_READ(kind, data, i) != ' ')
            continue;
        int lo = (int)word, hi = (int)i - 1;
        word = i + 1;
        if (hi <= lo)
            continue;
        void *lo_obj = api.text_get_object(tp, lo);
        void *hi_obj = api.text_get_object(tp, hi);
        while (lo_obj != hi_obj) {
            int differ = boundary(tp, lo_obj, lo, hi);
            RectF before = {0}, after = {0};
            api.text_loose_box(tp, differ, &after);
            api.text_loose_box(tp, differ - 1, &before);
            if ((double)after.left - (double)before.right <= gap)
                break;
            PyObject *index = PyLong_FromLong(differ);
            if (index == NULL || PyList_Append(inserts, index) < 0) {
                Py_XDECREF(index);
                Py_DECREF(inserts);
                return NULL;
            }
            Py_DECREF(index);
            lo = differ;
            if (hi <= lo)
                break;
            lo_obj = api.text_get_object(tp, lo);
        }
    }
    return inserts;
}

/* Of the walk's text objects: how many are invisible (render mode 3 or 7), the first object
 * of each (render mode, fill) pair, and the set of fonts (PdfiumPage._summary). */
static PyObject *summarize(PyObject *self, PyObject *args) {
    PyObject *raw_texts, *obj, *raw;
    Py_ssize_t pos = 0;
    long invisible = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!", &PyDict_Type, &raw_texts))
        return NULL;
    PyObject *firsts = PyDict_New();
    PyObject *fonts = PySet_New(NULL);
    if (firsts == NULL || fonts == NULL)
        goto fail;
    while (PyDict_Next(raw_texts, &pos, &obj, &raw)) {
        if (!PyTuple_Check(raw) || PyTuple_GET_SIZE(raw) != 5) {
            PyErr_SetString(PyExc_TypeError, "raw_texts values must be 5-tuples");
            goto fail;
        }
        long render = PyLong_AsLong(PyTuple_GET_ITEM(raw, 0));
        if (render == -1 && PyErr_Occurred())
            goto fail;
        invisible += render == 3 || render == 7;
        PyObject *key = PyTuple_Pack(2, PyTuple_GET_ITEM(raw, 0), PyTuple_GET_ITEM(raw, 1));
        if (key == NULL)
            goto fail;
        int failed = PyDict_SetDefault(firsts, key, obj) == NULL;
        Py_DECREF(key);
        if (failed || PySet_Add(fonts, PyTuple_GET_ITEM(raw, 4)) < 0)
            goto fail;
    }
    return Py_BuildValue("(lNN)", invisible, firsts, fonts);
fail:
    Py_XDECREF(firsts);
    Py_XDECREF(fonts);
    return NULL;
}

/* The (object, matrix) of each text object whose (render mode, fill) is in odd_keys or whose
 * font is in fonts, in walk order (PdfiumPage._special_objects). */
static PyObject *special_objects(PyObject *self, PyObject *args) {
    PyObject *raw_texts, *odd_keys, *fonts, *obj, *raw;
    Py_ssize_t pos = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyDict_Type, &raw_texts, &PySet_Type, &odd_keys,
                          &PySet_Type, &fonts))
        return NULL;
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return NULL;
    while (PyDict_Next(raw_texts, &pos, &obj, &raw)) {
        if (!PyTuple_Check(raw) || PyTuple_GET_SIZE(raw) != 5) {
            PyErr_SetString(PyExc_TypeError, "raw_texts values must be 5-tuples");
            goto fail;
        }
        int odd = PySet_Contains(fonts, PyTuple_GET_ITEM(raw, 4));
        if (odd == 0) {
            PyObject *key = PyTuple_Pack(2, PyTuple_GET_ITEM(raw, 0), PyTuple_GET_ITEM(raw, 1));
            if (key == NULL)
                goto fail;
            odd = PySet_Contains(odd_keys, key);
            Py_DECREF(key);
        }
        if (odd < 0)
            goto fail;
        if (odd) {
            PyObject *pair = PyTuple_Pack(2, obj, PyTuple_GET_ITEM(raw, 3));
            int failed = pair == NULL || PyList_Append(found, pair) < 0;
            Py_XDECREF(pair);
            if (failed)
                goto fail;
        }
    }
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

static int append_pair(PyObject *list, Py_ssize_t a, Py_ssize_t b) {
    PyObject *pair = Py_BuildValue("(nn)", a, b);
    int failed = pair == NULL || PyList_Append(list, pair) < 0;
    Py_XDECREF(pair);
    return failed ? -1 : 0;
}

/* PdfiumPage._split_wide: (first, last) pieces of text[first:last + 1] cut at the spaces whose
 * gap (left of the glyph after minus right of the glyph before) exceeds em. */
static PyObject *split_wide(PyObject *self, PyObject *args) {
    PyObject *textpage_arg, *text;
    Py_ssize_t first, last;
    double em;
    (void)self;
    if (!PyArg_ParseTuple(args, "OUnnd", &textpage_arg, &text, &first, &last, &em))
        return NULL;
    if (!require_bound())
        return NULL;
    void *tp = pointer_arg(textpage_arg);
    if (tp == NULL)
        return NULL;
    if (first < 0 || last >= PyUnicode_GET_LENGTH(text) || last > INT_MAX) {
        PyErr_SetString(PyExc_IndexError, "line bounds outside the text");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *pieces = PyList_New(0);
    if (pieces == NULL)
        return NULL;
    Py_ssize_t begin = first, index = first;
    while (index < last) {
        Py_ssize_t space = -1;
        for (Py_ssize_t i = index; i < last; i++) {
            if (PyUnicode_READ(kind, data, i) == ' ') {
                space = i;
                break;
            }
        }
        if (space < 0)
            break;
        Py_ssize_t after = space + 1;
        while (after < last && PyUnicode_READ(kind, data, after) == ' ')
            after++;
        Py_ssize_t before = space - 1;
        int gutter = 0;
        if (before >= begin && PyUnicode_READ(kind, data, before) != ' ') {
            RectF right_box = {0}, left_box = {0};
            api.text_loose_box(tp, (int)after, &right_box);
            api.text_loose_box(tp, (int)before, &left_box);
            gutter = (double)right_box.left - (double)left_box.right > em;
        }
        if (gutter) {
            if (append_pair(pieces, begin, before) < 0)
                goto fail;
            begin = after;
        }
        index = after;
    }
    if (append_pair(pieces, begin, last) < 0)
        goto fail;
    return pieces;
fail:
    Py_DECREF(pieces);
    return NULL;
}

/* PdfiumPage._touches_special: does the box (x0, top, x1, bottom) come within a point of any
 * box of the list? */
static PyObject *touches(PyObject *self, PyObject *args) {
    PyObject *boxes;
    double x0, top, x1, bottom;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!dddd", &PyList_Type, &boxes, &x0, &top, &x1, &bottom))
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(boxes); i++) {
        PyObject *box = PyList_GET_ITEM(boxes, i);
        if (!PyTuple_Check(box) || PyTuple_GET_SIZE(box) != 4) {
            PyErr_SetString(PyExc_TypeError, "boxes must be 4-tuples of floats");
            return NULL;
        }
        double v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(box, k));
            if (v[k] == -1.0 && PyErr_Occurred())
                return NULL;
        }
        if (v[0] <= x1 + 1 && v[2] >= x0 - 1 && v[1] <= bottom + 1 && v[3] >= top - 1)
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static PyMethodDef methods[] = {
    {"touches", touches, METH_VARARGS, "Does a box come within a point of any listed box?"},
    {"split_wide", split_wide, METH_VARARGS, "Cut a line at gutter-wide spaces."},
    {"summarize", summarize, METH_VARARGS, "Summarise the walk's text objects."},
    {"special_objects", special_objects, METH_VARARGS, "Find the text objects to cut apart."},
    {"respace", respace, METH_VARARGS, "Find where spaces between text objects were missed."},
    {"bind", bind, METH_VARARGS, "Take the addresses of the pdfium functions used."},
    {"walk", walk, METH_VARARGS, "Walk a page's objects as PdfiumPage._walk does."},
    {"line_facts", line_facts, METH_VARARGS, "Fetch the per-line character facts."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Optional accelerator for the pdfium engine.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
