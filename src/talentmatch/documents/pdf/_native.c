/* Optional accelerator for the pdfium engine's hottest loops (typed by the Native protocol
 * in _pdfium_api.py).
 *
 * It makes the same pdfium calls, in the same order, as the pure-Python code in
 * _pdfium_page.py, and returns the raw values those calls give; every decision and all
 * floating-point arithmetic stay in Python, so both paths produce identical scenes.
 * pdfium is never linked: bind() receives the addresses of its functions from pypdfium2's
 * ctypes bindings, which are fixed for the life of the process.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

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
typedef size_t (*font_name_fn)(void *, char *, size_t);
typedef int (*get_text_fn)(void *, int, int, unsigned short *);
typedef int (*bounds_fn)(void *, float *, float *, float *, float *);

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
    font_name_fn font_base_name;
    int_of_fn font_weight;
    int_of_fn font_flags;
    int_of_fn text_count_chars;
    get_text_fn text_get_text;
    bounds_fn obj_bounds;
} api;

enum { PATH = 2, IMAGE = 3, SHADING = 4, FORM = 5 };

static PyObject *bind(PyObject *self, PyObject *args) {
    (void)self;
    unsigned long long a[20];
    if (!PyArg_ParseTuple(args, "(KKKKKKKKKKKKKKKKKKKK)", &a[0], &a[1], &a[2], &a[3], &a[4],
                          &a[5], &a[6], &a[7], &a[8], &a[9], &a[10], &a[11], &a[12], &a[13],
                          &a[14], &a[15], &a[16], &a[17], &a[18], &a[19]))
        return NULL;
    for (int i = 0; i < 20; i++) {
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
    api.font_base_name = (font_name_fn)(uintptr_t)a[14];
    api.font_weight = (int_of_fn)(uintptr_t)a[15];
    api.font_flags = (int_of_fn)(uintptr_t)a[16];
    api.text_count_chars = (int_of_fn)(uintptr_t)a[17];
    api.text_get_text = (get_text_fn)(uintptr_t)a[18];
    api.obj_bounds = (bounds_fn)(uintptr_t)a[19];
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
    /* The previous text object's fill and font, reused while they repeat (most objects of
     * a page share a few): one tuple and one int fewer per object. */
    PyObject *fill;
    unsigned int rgba[4];
    PyObject *font;
    void *font_handle;
} Walk;

/* A new reference to (r, g, b, a) as Python ints, the walk's cached tuple when it repeats. */
static PyObject *walk_fill(Walk *w, unsigned int r, unsigned int g, unsigned int b,
                           unsigned int a) {
    if (w->fill != NULL && w->rgba[0] == r && w->rgba[1] == g && w->rgba[2] == b &&
        w->rgba[3] == a)
        return Py_NewRef(w->fill);
    PyObject *fill = PyTuple_New(4);
    if (fill == NULL)
        return NULL;
    unsigned int parts[4] = {r, g, b, a};
    for (Py_ssize_t k = 0; k < 4; k++) {
        PyObject *part = PyLong_FromUnsignedLong(parts[k]);
        if (part == NULL) {
            Py_DECREF(fill);
            return NULL;
        }
        PyTuple_SET_ITEM(fill, k, part);
    }
    Py_XSETREF(w->fill, Py_NewRef(fill));
    memcpy(w->rgba, parts, sizeof parts);
    return fill;
}

/* A new reference to the font handle as a Python int (0 for none), cached while it repeats. */
static PyObject *walk_font(Walk *w, void *handle) {
    if (w->font != NULL && w->font_handle == handle)
        return Py_NewRef(w->font);
    PyObject *font = handle ? PyLong_FromVoidPtr(handle) : PyLong_FromLong(0);
    if (font == NULL)
        return NULL;
    Py_XSETREF(w->font, Py_NewRef(font));
    w->font_handle = handle;
    return font;
}

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
                fill = walk_fill(w, r, g, b, a);
            else
                fill = Py_NewRef(Py_None);
            font = walk_font(w, api.text_font(obj));
            key = PyLong_FromVoidPtr(obj);
            PyObject *render_obj = PyLong_FromLong(render);
            PyObject *position = PyLong_FromLong(w->position);
            if (fill && font && key && render_obj && position)
                entry = PyTuple_New(5);
            if (entry != NULL) { /* (render, fill, position, matrix, font) */
                PyTuple_SET_ITEM(entry, 0, render_obj);
                PyTuple_SET_ITEM(entry, 1, fill);
                PyTuple_SET_ITEM(entry, 2, position);
                PyTuple_SET_ITEM(entry, 3, Py_NewRef(matrix));
                PyTuple_SET_ITEM(entry, 4, font);
            } else {
                Py_XDECREF(render_obj);
                Py_XDECREF(position);
                Py_XDECREF(fill);
                Py_XDECREF(font);
            }
            int failed = entry == NULL || PyDict_SetItem(w->raw_texts, key, entry) < 0;
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
    int failed = walk_level(&w, page, 0, Py_None);
    Py_XDECREF(w.fill);
    Py_XDECREF(w.font);
    if (failed)
        return NULL;
    return Py_BuildValue("(ll)", w.position, w.paths);
}

/* What PdfiumPage._line reads from pdfium about a line (LineFacts in _pdfium_api.py). */
typedef struct {
    void *first_obj, *middle_obj, *last_obj;
    double size;
    int has_matrix;
    Matrix m;
    RectF first_box, last_box;
} Facts;

static void fetch_facts(void *tp, int first, int last, Facts *out) {
    memset(out, 0, sizeof(*out));
    out->first_obj = api.text_get_object(tp, first);
    out->middle_obj = api.text_get_object(tp, (first + last) / 2);
    out->last_obj = api.text_get_object(tp, last);
    out->size = api.text_font_size(tp, first);
    out->has_matrix = api.text_matrix(tp, first, &out->m) != 0;
    api.text_loose_box(tp, first, &out->first_box);
    if (last != first)
        api.text_loose_box(tp, last, &out->last_box);
    else
        out->last_box = out->first_box;
}

static PyObject *facts_tuple(const Facts *x) {
    return Py_BuildValue("(NNNdNddddd(dddd)(dddd))", handle_or_none(x->first_obj),
                         handle_or_none(x->middle_obj), handle_or_none(x->last_obj), x->size,
                         PyBool_FromLong(x->has_matrix), (double)x->m.a, (double)x->m.b,
                         (double)x->m.c, (double)x->m.d, (double)x->m.f,
                         (double)x->first_box.left, (double)x->first_box.bottom,
                         (double)x->first_box.right, (double)x->first_box.top,
                         (double)x->last_box.left, (double)x->last_box.bottom,
                         (double)x->last_box.right, (double)x->last_box.top);
}

/* Line bounds as given by Python: the bytes of array('i') (first, last) pairs, each within
 * text. Returns the number of lines, or -1 with an exception set. */
static Py_ssize_t check_bounds(const Py_buffer *bounds, PyObject *text) {
    if (bounds->itemsize != 1 || bounds->len % (Py_ssize_t)(2 * sizeof(int)) != 0) {
        PyErr_SetString(PyExc_ValueError, "bounds must be the bytes of array('i') pairs");
        return -1;
    }
    const int *pairs = (const int *)bounds->buf;
    Py_ssize_t lines = bounds->len / (Py_ssize_t)(2 * sizeof(int));
    Py_ssize_t length = text ? PyUnicode_GET_LENGTH(text) : INT_MAX;
    for (Py_ssize_t i = 0; i < lines; i++) {
        if (pairs[2 * i] < 0 || pairs[2 * i] > pairs[2 * i + 1] || pairs[2 * i + 1] >= length) {
            PyErr_SetString(PyExc_IndexError, "line bounds outside the text");
            return -1;
        }
    }
    return lines;
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

/* Append to inserts where PdfiumPage._respace puts spaces in text[first:last + 1]: at each
 * word's object boundary whose gap (left of the next glyph minus right of the previous one)
 * exceeds gap. */
static int respace_into(void *tp, int kind, const void *data, Py_ssize_t first, Py_ssize_t last,
                        double gap, PyObject *inserts) {
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
            int failed = index == NULL || PyList_Append(inserts, index) < 0;
            Py_XDECREF(index);
            if (failed)
                return -1;
            lo = differ;
            if (hi <= lo)
                break;
            lo_obj = api.text_get_object(tp, lo);
        }
    }
    return 0;
}

/* The arguments (textpage, text, first, last, number) of respace and split_wide, checked:
 * 0, or -1 with an exception set. */
static int span_args(PyObject *args, void **tp, PyObject **text, Py_ssize_t *first,
                     Py_ssize_t *last, double *number) {
    PyObject *textpage_arg;
    if (!PyArg_ParseTuple(args, "OUnnd", &textpage_arg, text, first, last, number))
        return -1;
    if (!require_bound())
        return -1;
    *tp = pointer_arg(textpage_arg);
    if (*tp == NULL)
        return -1;
    if (*first < 0 || *last >= PyUnicode_GET_LENGTH(*text) || *last > INT_MAX) {
        PyErr_SetString(PyExc_IndexError, "line bounds outside the text");
        return -1;
    }
    return 0;
}

static PyObject *respace(PyObject *self, PyObject *args) {
    void *tp;
    PyObject *text;
    Py_ssize_t first, last;
    double gap;
    (void)self;
    if (span_args(args, &tp, &text, &first, &last, &gap))
        return NULL;
    PyObject *inserts = PyList_New(0);
    if (inserts != NULL &&
        respace_into(tp, PyUnicode_KIND(text), PyUnicode_DATA(text), first, last, gap, inserts))
        Py_CLEAR(inserts);
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

/* Python's min(a, b) and max(a, b) for floats: the first argument unless the second is
 * strictly smaller (greater), NaN included. */
static double py_min(double a, double b) { return b < a ? b : a; }
static double py_max(double a, double b) { return b > a ? b : a; }

/* A new instance of type with its n fields set through their slot descriptors, as a slots
 * dataclass's __init__ sets them one by one; NULL with an exception set on failure. */
static PyObject *with_fields(PyObject *type, PyObject *const *setters, PyObject *const *values,
                             int n) {
    PyTypeObject *t = (PyTypeObject *)type;
    PyObject *instance = t->tp_alloc(t, 0);
    for (int k = 0; instance != NULL && k < n; k++) {
        descrsetfunc set = Py_TYPE(setters[k])->tp_descr_set;
        if (set == NULL)
            PyErr_SetString(PyExc_TypeError, "a field descriptor cannot set");
        if (set == NULL || set(setters[k], instance, values[k]) < 0)
            Py_CLEAR(instance);
    }
    return instance;
}

/* Python's min() and max() of a list: the first of equal values, NaN as Python compares. */
static double first_min(const double *v, int n) {
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] < m ? v[i] : m;
    return m;
}
static double first_max(const double *v, int n) {
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] > m ? v[i] : m;
    return m;
}

/* PdfiumPage._object_box for each (object, form matrix) on an unrotated page whose box
 * starts at origin (x0, y1): the display boxes, or None when a matrix is not six floats (the
 * Python code then measures them). */
static PyObject *object_boxes(PyObject *self, PyObject *args) {
    PyObject *objects;
    double page_x0, page_y1;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!(dd)", &PyList_Type, &objects, &page_x0, &page_y1))
        return NULL;
    if (!require_bound())
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(objects);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PyList_GET_ITEM(objects, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "objects must be (object, matrix) pairs");
            return NULL;
        }
        PyObject *matrix = PyTuple_GET_ITEM(pair, 1);
        if (matrix == Py_None)
            continue;
        if (!PyTuple_CheckExact(matrix) || PyTuple_GET_SIZE(matrix) != 6)
            Py_RETURN_NONE;
        for (int k = 0; k < 6; k++)
            if (!PyFloat_CheckExact(PyTuple_GET_ITEM(matrix, k)))
                Py_RETURN_NONE;
    }
    PyObject *boxes = PyList_New(n);
    for (Py_ssize_t i = 0; boxes != NULL && i < n; i++) {
        PyObject *pair = PyList_GET_ITEM(objects, i), *matrix = PyTuple_GET_ITEM(pair, 1);
        void *obj = pointer_arg(PyTuple_GET_ITEM(pair, 0));
        if (obj == NULL) {
            Py_CLEAR(boxes);
            break;
        }
        float fl = 0, fb = 0, fr = 0, ft = 0;
        PyObject *box;
        if (!api.obj_bounds(obj, &fl, &fb, &fr, &ft)) {
            box = Py_BuildValue("(dddd)", 0.0, 0.0, 0.0, 0.0);
        } else {
            double left = fl, bottom = fb, right = fr, top = ft;
            if (matrix != Py_None) { /* _transform_box */
                double m[6];
                for (int k = 0; k < 6; k++)
                    m[k] = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(matrix, k));
                double xs[4] = {m[0] * left + m[2] * bottom + m[4], m[0] * left + m[2] * top + m[4],
                                m[0] * right + m[2] * bottom + m[4],
                                m[0] * right + m[2] * top + m[4]};
                double ys[4] = {m[1] * left + m[3] * bottom + m[5], m[1] * left + m[3] * top + m[5],
                                m[1] * right + m[3] * bottom + m[5],
                                m[1] * right + m[3] * top + m[5]};
                left = first_min(xs, 4);
                bottom = first_min(ys, 4);
                right = first_max(xs, 4);
                top = first_max(ys, 4);
            }
            /* PageFrame.to_display for an unrotated page */
            box = Py_BuildValue("(dddd)", py_min(left, right) - page_x0,
                                page_y1 - py_max(bottom, top), py_max(left, right) - page_x0,
                                page_y1 - py_min(bottom, top));
        }
        if (box == NULL)
            Py_CLEAR(boxes);
        else
            PyList_SET_ITEM(boxes, i, box);
    }
    return boxes;
}

static int append_pair(PyObject *list, Py_ssize_t a, Py_ssize_t b) {
    PyObject *pair = Py_BuildValue("(nn)", a, b);
    int failed = pair == NULL || PyList_Append(list, pair) < 0;
    Py_XDECREF(pair);
    return failed ? -1 : 0;
}

/* PdfiumPage._split_wide: (first, last) pieces of text[first:last + 1] cut at the spaces whose
 * gap (left of the glyph after minus right of the glyph before) exceeds em. */
/* The (first, last) pieces of _split_wide into pairs, which holds 2 * (last - first + 2)
 * entries; returns how many pieces. */
static Py_ssize_t split_into(void *tp, int kind, const void *data, Py_ssize_t first,
                             Py_ssize_t last, double em, Py_ssize_t *pairs) {
    Py_ssize_t count = 0, begin = first, index = first;
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
            pairs[2 * count] = begin;
            pairs[2 * count + 1] = before;
            count++;
            begin = after;
        }
        index = after;
    }
    pairs[2 * count] = begin;
    pairs[2 * count + 1] = last;
    return count + 1;
}

static PyObject *split_wide(PyObject *self, PyObject *args) {
    void *tp;
    PyObject *text;
    Py_ssize_t first, last;
    double em;
    (void)self;
    if (span_args(args, &tp, &text, &first, &last, &em))
        return NULL;
    Py_ssize_t *pairs = PyMem_Malloc(2 * ((size_t)(last - first) + 2) * sizeof(Py_ssize_t));
    if (pairs == NULL)
        return PyErr_NoMemory();
    Py_ssize_t count =
        split_into(tp, PyUnicode_KIND(text), PyUnicode_DATA(text), first, last, em, pairs);
    PyObject *pieces = PyList_New(0);
    for (Py_ssize_t i = 0; pieces != NULL && i < count; i++) {
        if (append_pair(pieces, pairs[2 * i], pairs[2 * i + 1]) < 0)
            Py_CLEAR(pieces);
    }
    PyMem_Free(pairs);
    return pieces;
}

/* PdfiumPage._touches_special: does the box (x0, top, x1, bottom) come within a point of any
 * box of the list? 1 or 0, -1 with an exception set. */
static int touch_any(PyObject *boxes, double x0, double top, double x1, double bottom) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(boxes); i++) {
        PyObject *box = PyList_GET_ITEM(boxes, i);
        if (!PyTuple_Check(box) || PyTuple_GET_SIZE(box) != 4) {
            PyErr_SetString(PyExc_TypeError, "boxes must be 4-tuples of floats");
            return -1;
        }
        double v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(box, k));
            if (v[k] == -1.0 && PyErr_Occurred())
                return -1;
        }
        if (v[0] <= x1 + 1 && v[2] >= x0 - 1 && v[1] <= bottom + 1 && v[3] >= top - 1)
            return 1;
    }
    return 0;
}

static PyObject *touches(PyObject *self, PyObject *args) {
    PyObject *boxes;
    double x0, top, x1, bottom;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!dddd", &PyList_Type, &boxes, &x0, &top, &x1, &bottom))
        return NULL;
    int found = touch_any(boxes, x0, top, x1, bottom);
    if (found < 0)
        return NULL;
    return PyBool_FromLong(found);
}


/* What fast_lines needs besides the line: PdfiumPage's caches and the constants of
 * _pdfium_page.py and _layout.py. */
typedef struct {
    void *tp;
    PyObject *text, *raw_texts, *fonts, *special, *hypot, *run_type;
    PyObject *run_fields[13]; /* TextRun's slot descriptors, or NULL: call the type */
    int kind;
    const void *data;
    double page_x0, page_y1, space_gap, dense, wide, min_advance;
    /* The last fill's channels and the run colour and alpha made of them, reused while the
     * fill repeats (runs of one style share them, as the Python path's TextStyle does). */
    long channels[4];
    PyObject *colour, *alpha;
} Lines;

static void release_lines(Lines *c) {
    Py_CLEAR(c->colour);
    Py_CLEAR(c->alpha);
}

/* New references to a run's colour (r, g, b as floats in 0..1) and alpha for channels. */
static int run_colour(Lines *c, const long *channels, PyObject **colour, PyObject **alpha) {
    if (c->colour == NULL || memcmp(c->channels, channels, sizeof c->channels) != 0) {
        PyObject *made = Py_BuildValue("(ddd)", channels[0] / 255.0, channels[1] / 255.0,
                                       channels[2] / 255.0);
        PyObject *made_alpha = made ? PyFloat_FromDouble(channels[3] / 255.0) : NULL;
        if (made_alpha == NULL) {
            Py_XDECREF(made);
            return -1;
        }
        Py_XSETREF(c->colour, made);
        Py_XSETREF(c->alpha, made_alpha);
        memcpy(c->channels, channels, sizeof c->channels);
    }
    *colour = Py_NewRef(c->colour);
    *alpha = Py_NewRef(c->alpha);
    return 0;
}

/* TextRun's thirteen fields in __init__ order, as slot descriptors in c->run_fields, when the
 * type is the slots dataclass whose __init__ only sets them; else run_fields[0] stays NULL
 * and runs are made by calling the type. */
static void find_run_fields(Lines *c) {
    static const char *names[13] = {"text",  "x0",    "top",         "x1",     "bottom",
                                     "size",  "bold",  "render_mode", "fill",   "alpha",
                                     "order", "hidden", "replaced"};
    c->run_fields[0] = NULL;
    if (!PyType_Check(c->run_type))
        return;
    PyTypeObject *type = (PyTypeObject *)c->run_type;
    PyObject *fields = PyDict_GetItemString(type->tp_dict, "__dataclass_fields__");
    PyObject *post_init = PyDict_GetItemString(type->tp_dict, "__post_init__");
    if (fields == NULL || !PyDict_Check(fields) || PyDict_GET_SIZE(fields) != 13 ||
        post_init != NULL)
        return;
    PyObject *found[13];
    for (int k = 0; k < 13; k++) {
        found[k] = PyDict_GetItemString(type->tp_dict, names[k]);
        if (found[k] == NULL || Py_TYPE(found[k])->tp_descr_set == NULL ||
            !PyObject_TypeCheck(found[k], &PyMemberDescr_Type) ||
            PyDict_GetItemString(fields, names[k]) == NULL)
            return;
    }
    memcpy(c->run_fields, found, sizeof(found));
}

/* Look up a text object's walk entry and its font's (bold, icon); 0 when either is unknown
 * (the Python path then decides), -1 on error. */
static int object_style(Lines *c, void *obj, PyObject **raw, int *bold, int *icon) {
    PyObject *key = PyLong_FromVoidPtr(obj);
    if (key == NULL)
        return -1;
    *raw = PyDict_GetItemWithError(c->raw_texts, key);
    Py_DECREF(key);
    if (*raw == NULL)
        return PyErr_Occurred() ? -1 : 0;
    if (!PyTuple_Check(*raw) || PyTuple_GET_SIZE(*raw) != 5) {
        PyErr_SetString(PyExc_TypeError, "raw_texts values must be 5-tuples");
        return -1;
    }
    PyObject *font = PyDict_GetItemWithError(c->fonts, PyTuple_GET_ITEM(*raw, 4));
    if (font == NULL)
        return PyErr_Occurred() ? -1 : 0;
    PyObject *b = PyObject_GetAttrString(font, "bold");
    PyObject *i = b ? PyObject_GetAttrString(font, "icon") : NULL;
    *bold = b ? PyObject_IsTrue(b) : -1;
    *icon = i ? PyObject_IsTrue(i) : -1;
    Py_XDECREF(b);
    Py_XDECREF(i);
    return (*bold < 0 || *icon < 0) ? -1 : 1;
}

/* text[first:last + 1] with spaces at the object boundaries PdfiumPage._respace finds. */
static PyObject *respaced(Lines *c, Py_ssize_t first, Py_ssize_t last, double gap) {
    PyObject *inserts = PyList_New(0), *parts = NULL, *joined = NULL, *space = NULL;
    if (inserts == NULL || respace_into(c->tp, c->kind, c->data, first, last, gap, inserts))
        goto done;
    if (PyList_GET_SIZE(inserts) == 0) {
        joined = PyUnicode_Substring(c->text, first, last + 1);
        goto done;
    }
    parts = PyList_New(0);
    Py_ssize_t previous = first;
    for (Py_ssize_t i = 0; parts != NULL && i <= PyList_GET_SIZE(inserts); i++) {
        Py_ssize_t end = last + 1;
        if (i < PyList_GET_SIZE(inserts))
            end = PyLong_AsSsize_t(PyList_GET_ITEM(inserts, i));
        PyObject *part = PyUnicode_Substring(c->text, previous, end);
        if (part == NULL || PyList_Append(parts, part) < 0) {
            Py_XDECREF(part);
            goto done;
        }
        Py_DECREF(part);
        previous = end;
    }
    space = PyUnicode_FromString(" ");
    if (parts != NULL && space != NULL)
        joined = PyUnicode_Join(space, parts);
done:
    Py_XDECREF(inserts);
    Py_XDECREF(parts);
    Py_XDECREF(space);
    return joined;
}

/* PdfiumPage._char_size from the font size and matrix at a character: the effective size,
 * and whether the text is upright with its baseline. 0, or -1 with an exception set. */
static int effective_size(Lines *c, double raw, int has_matrix, const Matrix *m, double *size,
                          int *has_baseline, double *baseline) {
    *size = raw;
    *has_baseline = 0;
    if (!has_matrix)
        return 0;
    PyObject *norm = PyObject_CallFunction(c->hypot, "dd", (double)m->c, (double)m->d);
    double h = norm ? PyFloat_AsDouble(norm) : -1.0;
    Py_XDECREF(norm);
    if (norm == NULL || (h == -1.0 && PyErr_Occurred()))
        return -1;
    *size = raw * h;
    if (fabs((double)m->b) < 1e-6 && fabs((double)m->c) < 1e-6 && m->a > 0 && m->d > 0) {
        *baseline = (double)m->f;
        *has_baseline = 1;
    }
    return 0;
}

/* PdfiumPage._append given both end boxes (left, bottom, right, top of the first and last
 * characters): the TextRun of piece, styled by the object's walk entry raw. Steals piece. */
static PyObject *make_run(Lines *c, PyObject *raw, PyObject *piece, double size, int has_baseline,
                          double baseline, const RectF *first_box, const RectF *last_box,
                          int bold) {
    double left = first_box->left, bottom = first_box->bottom, top = first_box->top;
    double right = last_box->right;
    if (has_baseline) {
        bottom = baseline - 0.2 * size;
        top = baseline + 0.8 * size;
    } else {
        bottom = py_min(bottom, (double)last_box->bottom);
        top = py_max(top, (double)last_box->top);
    }
    long render = PyLong_AsLong(PyTuple_GET_ITEM(raw, 0));
    if (render == -1 && PyErr_Occurred()) {
        Py_DECREF(piece);
        return NULL;
    }
    PyObject *fill = PyTuple_GET_ITEM(raw, 1), *colour, *alpha;
    if (PyTuple_Check(fill) && PyTuple_GET_SIZE(fill) == 4) {
        long v[4];
        for (int k = 0; k < 4; k++)
            v[k] = PyLong_AsLong(PyTuple_GET_ITEM(fill, k));
        if (PyErr_Occurred() || run_colour(c, v, &colour, &alpha) < 0)
            colour = alpha = NULL;
    } else if (fill == Py_None) {
        colour = Py_NewRef(Py_None);
        alpha = PyFloat_FromDouble(1.0);
    } else {
        PyErr_SetString(PyExc_TypeError, "a fill must be four channels or None");
        colour = alpha = NULL;
    }
    PyObject *args[13] = {
        piece,
        PyFloat_FromDouble(py_min(left, right) - c->page_x0),
        PyFloat_FromDouble(c->page_y1 - py_max(bottom, top)),
        PyFloat_FromDouble(py_max(left, right) - c->page_x0),
        PyFloat_FromDouble(c->page_y1 - py_min(bottom, top)),
        PyFloat_FromDouble(size),
        PyBool_FromLong(bold || render == 2 || render == 6),
        Py_NewRef(PyTuple_GET_ITEM(raw, 0)),
        colour,
        alpha,
        Py_NewRef(PyTuple_GET_ITEM(raw, 2)),
        Py_NewRef(Py_None),
        Py_NewRef(Py_False),
    };
    PyObject *run = NULL;
    int complete = !PyErr_Occurred();
    for (int k = 0; k < 13; k++)
        complete = complete && args[k] != NULL;
    if (complete && c->run_fields[0] != NULL) {
        /* TextRun.__init__ sets each field in turn: set them through the slots directly */
        run = with_fields(c->run_type, c->run_fields, args, 13);
    } else if (complete) {
        run = PyObject_Vectorcall(c->run_type, args, 13, NULL);
    }
    for (int k = 0; k < 13; k++)
        Py_XDECREF(args[k]);
    return run;
}

/* PdfiumPage._line for a wide line with spaces: cut at gutter-wide gaps (_split_wide); one
 * piece is the line's one run, several are a list of runs, each boxed by its own end
 * characters as _append does. */
static PyObject *wide_line(Lines *c, PyObject *raw, int first, int last, double size,
                           int has_baseline, double baseline, double em, int bold, int several,
                           const Facts *x) {
    Py_ssize_t *pairs = PyMem_Malloc(2 * ((size_t)(last - first) + 2) * sizeof(Py_ssize_t));
    if (pairs == NULL)
        return PyErr_NoMemory();
    Py_ssize_t count = split_into(c->tp, c->kind, c->data, first, last, em, pairs);
    PyObject *result = NULL;
    if (count == 1) {
        PyObject *piece = several ? respaced(c, first, last, c->space_gap * em)
                                  : PyUnicode_Substring(c->text, first, last + 1);
        result = piece ? make_run(c, raw, piece, size, has_baseline, baseline, &x->first_box,
                                  &x->last_box, bold)
                       : NULL;
        PyMem_Free(pairs);
        return result;
    }
    result = PyList_New(count);
    for (Py_ssize_t i = 0; result != NULL && i < count; i++) {
        Py_ssize_t a = pairs[2 * i], b = pairs[2 * i + 1];
        PyObject *piece = several ? respaced(c, a, b, c->space_gap * em)
                                  : PyUnicode_Substring(c->text, a, b + 1);
        RectF first_box = {0}, last_box = {0};
        api.text_loose_box(c->tp, (int)a, &first_box);
        if (b != a)
            api.text_loose_box(c->tp, (int)b, &last_box);
        else
            last_box = first_box;
        PyObject *run = piece ? make_run(c, raw, piece, size, has_baseline, baseline, &first_box,
                                         &last_box, bold)
                              : NULL;
        if (run == NULL)
            Py_CLEAR(result);
        else
            PyList_SET_ITEM(result, i, run);
    }
    PyMem_Free(pairs);
    return result;
}

/* PdfiumPage._line and _append for a line that becomes exactly one run: the TextRun, or
 * None when the line needs the Python path (an unknown object or font, an icon font, dense
 * or gutter-wide text, a special object nearby), or NULL on error. */
static PyObject *fast_line(Lines *c, int first, int last, const Facts *x) {
    PyObject *raw;
    int bold, icon;
    if (x->first_obj == NULL)
        Py_RETURN_NONE;
    int known = object_style(c, x->first_obj, &raw, &bold, &icon);
    if (known <= 0)
        return known < 0 ? NULL : Py_NewRef(Py_None);
    if (icon)
        Py_RETURN_NONE;
    double size, baseline = 0.0;
    int has_baseline;
    if (effective_size(c, x->size, x->has_matrix, &x->m, &size, &has_baseline, &baseline))
        return NULL;
    double fl = x->first_box.left, fb = x->first_box.bottom;
    double lr = x->last_box.right, lt = x->last_box.top;
    double width = lr - fl;
    long glyphs = (long)last - first + 1;
    double em = 1.0 > size ? 1.0 : size;
    if (width < c->dense * em * (double)glyphs && glyphs > 8)
        Py_RETURN_NONE;
    if (PyList_GET_SIZE(c->special) > 0) {
        double x0 = py_min(fl, lr) - c->page_x0, top = c->page_y1 - py_max(fb, lt);
        double x1 = py_max(fl, lr) - c->page_x0, bottom = c->page_y1 - py_min(fb, lt);
        int near = touch_any(c->special, x0, top, x1, bottom);
        if (near != 0)
            return near < 0 ? NULL : Py_NewRef(Py_None);
    }
    if (bold && x->middle_obj != NULL && x->middle_obj != x->first_obj) {
        PyObject *middle_raw;
        int middle_bold, middle_icon;
        int found = object_style(c, x->middle_obj, &middle_raw, &middle_bold, &middle_icon);
        if (found <= 0)
            return found < 0 ? NULL : Py_NewRef(Py_None);
        bold = middle_bold;
    }
    int several = x->last_obj != x->first_obj;
    if (width > ((double)glyphs * c->wide + 2) * em) {
        for (Py_ssize_t i = first; i < last; i++)
            if (PyUnicode_READ(c->kind, c->data, i) == ' ')
                return wide_line(c, raw, first, last, size, has_baseline, baseline, em, bold,
                                 several, x);
    }
    PyObject *piece = several ? respaced(c, first, last, c->space_gap * em)
                              : PyUnicode_Substring(c->text, first, last + 1);
    if (piece == NULL)
        return NULL;
    return make_run(c, raw, piece, size, has_baseline, baseline, &x->first_box, &x->last_box,
                    bold);
}

/* PdfiumPage._object_run for text[start:stop] of one object: the TextRun, Py_None when the
 * piece is blank (no run), the object's (start, stop, object) for the Python path (an
 * unknown object or font, an icon font, gutter-wide or squeezed text), or NULL on error. */
static PyObject *object_run(Lines *c, Py_ssize_t start, Py_ssize_t stop, void *obj,
                            PyObject *obj_key) {
    Py_ssize_t first = start, last = stop - 1;
    while (first < stop && Py_UNICODE_ISSPACE(PyUnicode_READ(c->kind, c->data, first)))
        first++;
    if (first == stop)
        Py_RETURN_NONE;
    while (Py_UNICODE_ISSPACE(PyUnicode_READ(c->kind, c->data, last)))
        last--;
    PyObject *raw;
    int bold, icon;
    int known = object_style(c, obj, &raw, &bold, &icon);
    if (known < 0)
        return NULL;
    if (known == 0 || icon)
        return Py_BuildValue("(nnO)", start, stop, obj_key);
    Facts x;
    fetch_facts(c->tp, (int)first, (int)last, &x);
    double size, baseline = 0.0;
    int has_baseline;
    if (effective_size(c, x.size, x.has_matrix, &x.m, &size, &has_baseline, &baseline))
        return NULL;
    double em = 1.0 > size ? 1.0 : size;
    double width = (double)x.last_box.right - (double)x.first_box.left;
    double glyphs = (double)(last - first + 1);
    if (width > (glyphs * c->wide + 2) * em || (width < c->min_advance * glyphs && last > first))
        return Py_BuildValue("(nnO)", start, stop, obj_key);
    PyObject *piece = PyUnicode_Substring(c->text, first, last + 1);
    if (piece == NULL)
        return NULL;
    return make_run(c, raw, piece, size, has_baseline, baseline, &x.first_box, &x.last_box, bold);
}

/* PdfiumPage._object_runs: text[start:end] cut into runs of one text object each (galloping
 * search for each object's end); each item is a TextRun or an object_run fallback. */
static PyObject *object_runs(PyObject *self, PyObject *args) {
    PyObject *textpage_arg;
    Py_ssize_t start, end;
    Lines c;
    (void)self;
    memset(&c, 0, sizeof(c));
    if (!PyArg_ParseTuple(args, "OUnnO!O!(dd)OO(dd)", &textpage_arg, &c.text, &start, &end,
                          &PyDict_Type, &c.raw_texts, &PyDict_Type, &c.fonts, &c.page_x0,
                          &c.page_y1, &c.hypot, &c.run_type, &c.wide, &c.min_advance))
        return NULL;
    c.tp = require_bound() ? pointer_arg(textpage_arg) : NULL;
    if (c.tp == NULL)
        return NULL;
    find_run_fields(&c);
    if (start < 0 || end > PyUnicode_GET_LENGTH(c.text) || end > INT_MAX) {
        PyErr_SetString(PyExc_IndexError, "line bounds outside the text");
        return NULL;
    }
    c.kind = PyUnicode_KIND(c.text);
    c.data = PyUnicode_DATA(c.text);
    PyObject *items = PyList_New(0);
    int i = (int)start, stop_at = (int)end;
    while (items != NULL && i < stop_at) {
        void *obj = api.text_get_object(c.tp, i);
        int stop;
        if (obj != NULL && api.text_get_object(c.tp, stop_at - 1) == obj) {
            stop = stop_at;
        } else {
            int same = i, step = 1;
            while (same + step < stop_at && api.text_get_object(c.tp, same + step) == obj) {
                same += step;
                step *= 2;
            }
            stop = boundary(c.tp, obj, same, same + step < stop_at ? same + step : stop_at);
        }
        if (obj != NULL) {
            PyObject *key = PyLong_FromVoidPtr(obj);
            PyObject *item = key ? object_run(&c, i, stop, obj, key) : NULL;
            Py_XDECREF(key);
            int failed = item == NULL || (item != Py_None && PyList_Append(items, item) < 0);
            Py_XDECREF(item);
            if (failed)
                Py_CLEAR(items);
        }
        i = stop;
    }
    release_lines(&c);
    return items;
}

/* For each line (first, last): the finished TextRun when the line is one plain run, else its
 * LineFacts for the Python path. origin is the page box's (x0, y1), or None on a rotated
 * page, whose lines all go to the Python path. */
static PyObject *fast_lines(PyObject *self, PyObject *args) {
    PyObject *textpage_arg, *origin;
    Py_buffer bounds;
    Lines c;
    (void)self;
    memset(&c, 0, sizeof(c));
    if (!PyArg_ParseTuple(args, "OUy*O!O!O!OOO(ddd)", &textpage_arg, &c.text, &bounds,
                          &PyDict_Type, &c.raw_texts, &PyDict_Type, &c.fonts, &PyList_Type,
                          &c.special, &origin, &c.hypot, &c.run_type, &c.space_gap, &c.dense,
                          &c.wide))
        return NULL;
    PyObject *result = NULL;
    int finish = origin != Py_None;
    if (finish && !PyArg_ParseTuple(origin, "dd", &c.page_x0, &c.page_y1))
        goto done;
    c.tp = require_bound() ? pointer_arg(textpage_arg) : NULL;
    find_run_fields(&c);
    Py_ssize_t lines = c.tp ? check_bounds(&bounds, c.text) : -1;
    if (lines < 0)
        goto done;
    c.kind = PyUnicode_KIND(c.text);
    c.data = PyUnicode_DATA(c.text);
    const int *pairs = (const int *)bounds.buf;
    result = PyList_New(lines);
    for (Py_ssize_t i = 0; result != NULL && i < lines; i++) {
        Facts facts;
        int first = pairs[2 * i], last = pairs[2 * i + 1];
        fetch_facts(c.tp, first, last, &facts);
        PyObject *item = finish ? fast_line(&c, first, last, &facts) : Py_NewRef(Py_None);
        if (item == Py_None) {
            Py_DECREF(item);
            item = facts_tuple(&facts);
        }
        if (item == NULL)
            Py_CLEAR(result);
        else
            PyList_SET_ITEM(result, i, item);
    }
done:
    release_lines(&c);
    PyBuffer_Release(&bounds);
    return result;
}

/* A font's base name (empty when longer than 255 bytes, as pdfium leaves the buffer alone),
 * weight and flags: what PdfiumPage._font judges it by. */
static PyObject *font_facts(PyObject *self, PyObject *args) {
    PyObject *font_arg;
    (void)self;
    if (!PyArg_ParseTuple(args, "O", &font_arg))
        return NULL;
    if (!require_bound())
        return NULL;
    void *font = pointer_arg(font_arg);
    if (font == NULL)
        return NULL;
    char name[256];
    memset(name, 0, sizeof(name));
    api.font_base_name(font, name, sizeof(name));
    name[sizeof(name) - 1] = 0;
    return Py_BuildValue("(yii)", name, api.font_weight(font), api.font_flags(font));
}

/* _pdfium_page._page_text: the page's text, one str index per UTF-16 unit of pdfium's text
 * (decoded as UTF-16LE with surrogatepass, or unit by unit when a surrogate pair would
 * merge two units into one character). */
static PyObject *page_text(PyObject *self, PyObject *args) {
    PyObject *textpage_arg;
    (void)self;
    if (!PyArg_ParseTuple(args, "O", &textpage_arg))
        return NULL;
    void *tp = require_bound() ? pointer_arg(textpage_arg) : NULL;
    if (tp == NULL)
        return NULL;
    int count = api.text_count_chars(tp);
    if (count <= 0)
        return PyUnicode_New(0, 0);
    unsigned short *units = PyMem_Calloc((size_t)count + 1, sizeof(unsigned short));
    if (units == NULL)
        return PyErr_NoMemory();
    api.text_get_text(tp, 0, count, units);
    int little_endian = -1;
    PyObject *text = PyUnicode_DecodeUTF16((const char *)units, 2 * (Py_ssize_t)count,
                                           "surrogatepass", &little_endian);
    if (text != NULL && PyUnicode_GET_LENGTH(text) != count) {
        Py_DECREF(text);
        text = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, units, count);
    }
    PyMem_Free(units);
    return text;
}

/* What _pdfium_page.PdfiumPage.scene searches a page's text for: 1 when it holds a hyphen
 * mark, soft hyphen or lone surrogate (_SPECIAL_CHARS), plus 2 when a surrogate
 * (_SURROGATES). Text of one byte per character can only hold the first and the soft hyphen. */
static PyObject *text_marks(PyObject *self, PyObject *text) {
    (void)self;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text_marks() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    long marks = 0;
    if (kind == PyUnicode_1BYTE_KIND) {
        marks = memchr(data, 0x02, (size_t)n) != NULL || memchr(data, 0xad, (size_t)n) != NULL;
    } else {
        for (Py_ssize_t i = 0; i < n && marks != 3; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            if (ch >= 0xd800 && ch <= 0xdfff)
                marks = 3;
            else if (ch == 0x02 || ch == 0xad || ch == 0xfffe)
                marks = 1;
        }
    }
    return PyLong_FromLong(marks);
}

/* Ends a line of pdfium's text (_pdfium_page._LINES): a line break, or a hyphen mark that
 * joined the line to the next one (kept in the line). */
static int line_break(Py_UCS4 ch) { return ch == '\r' || ch == '\n'; }
static int hyphen_mark(Py_UCS4 ch) { return ch == 0xfffe || ch == 0x02; }

/* PdfiumPage.scene's line bounds: for each match of _LINES in text, the (first, last) indices
 * of its characters without surrounding whitespace (str.strip), when any remain; the bytes
 * of array('i') pairs. */
static PyObject *line_bounds(PyObject *self, PyObject *args) {
    PyObject *text;
    (void)self;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "the page text is too long");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int *pairs = PyMem_Malloc(((size_t)n + 1) * sizeof(int));
    if (pairs == NULL)
        return PyErr_NoMemory();
    Py_ssize_t count = 0, i = 0;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (line_break(ch) || hyphen_mark(ch)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && !line_break(ch = PyUnicode_READ(kind, data, i)) && !hyphen_mark(ch))
            i++;
        if (i < n && hyphen_mark(PyUnicode_READ(kind, data, i)))
            i++;
        Py_ssize_t first = start, last = i - 1;
        while (first <= last && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, first)))
            first++;
        while (last >= first && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, last)))
            last--;
        if (last >= first) {
            pairs[count++] = (int)first;
            pairs[count++] = (int)last;
        }
    }
    PyObject *result = PyBytes_FromStringAndSize((const char *)pairs, count * (Py_ssize_t)sizeof(int));
    PyMem_Free(pairs);
    return result;
}

/* ---- Engine-neutral steps (no pdfium): hidden-text rules and line blocks ------------- */

/* Attribute names of TextRun and Paint, interned once at import. */
static PyObject *s_text, *s_x0, *s_top, *s_x1, *s_bottom, *s_size, *s_bold, *s_render_mode,
    *s_fill, *s_alpha, *s_order, *s_hidden, *s_replaced;

/* A float attribute: 1 when the value is a float, 0 when it is something else (the Python
 * path then decides, with Python's arithmetic for that type), -1 on error. */
static int float_attr(PyObject *obj, PyObject *name, double *out) {
    PyObject *value = PyObject_GetAttr(obj, name);
    if (value == NULL)
        return -1;
    int is_float = PyFloat_CheckExact(value);
    if (is_float)
        *out = PyFloat_AS_DOUBLE(value);
    Py_DECREF(value);
    return is_float;
}

/* An int attribute that fits a long long: 1, 0 when it is something else, -1 on error. */
static int int_attr(PyObject *obj, PyObject *name, long long *out) {
    PyObject *value = PyObject_GetAttr(obj, name);
    if (value == NULL)
        return -1;
    int overflow = 0, is_int = PyLong_CheckExact(value);
    if (is_int) {
        *out = PyLong_AsLongLongAndOverflow(value, &overflow);
        is_int = !overflow && !(*out == -1 && PyErr_Occurred());
    }
    Py_DECREF(value);
    return PyErr_Occurred() ? -1 : is_int;
}

/* A Paint as the hidden-text rules read it. */
typedef struct {
    double x0, top, x1, bottom, alpha, fill[3];
    long long order;
    int has_fill;
} PaintBox;

/* The paints of a list as PaintBoxes: 1, 0 when a field is not of the type the engines
 * give (a float, an int order, None or three floats as fill), -1 on error. */
static int paint_boxes(PyObject *paints, PaintBox **out) {
    Py_ssize_t n = PyList_GET_SIZE(paints);
    *out = PyMem_Calloc((size_t)n + 1, sizeof(PaintBox));
    if (*out == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *paint = PyList_GET_ITEM(paints, i);
        PaintBox *p = &(*out)[i];
        int ok = float_attr(paint, s_x0, &p->x0);
        ok = ok == 1 ? float_attr(paint, s_top, &p->top) : ok;
        ok = ok == 1 ? float_attr(paint, s_x1, &p->x1) : ok;
        ok = ok == 1 ? float_attr(paint, s_bottom, &p->bottom) : ok;
        ok = ok == 1 ? float_attr(paint, s_alpha, &p->alpha) : ok;
        ok = ok == 1 ? int_attr(paint, s_order, &p->order) : ok;
        if (ok == 1) {
            PyObject *fill = PyObject_GetAttr(paint, s_fill);
            if (fill == NULL)
                return -1;
            if (fill == Py_None) {
                p->has_fill = 0;
            } else if (PyTuple_CheckExact(fill) && PyTuple_GET_SIZE(fill) == 3) {
                p->has_fill = 1;
                for (int k = 0; k < 3 && ok == 1; k++) {
                    PyObject *channel = PyTuple_GET_ITEM(fill, k);
                    ok = PyFloat_CheckExact(channel);
                    if (ok)
                        p->fill[k] = PyFloat_AS_DOUBLE(channel);
                }
            } else {
                ok = 0;
            }
            Py_DECREF(fill);
        }
        if (ok != 1)
            return ok;
    }
    return 1;
}

/* _visibility._covers: the paint covers half the run's box (or its centre, if flat). */
static int covers(const PaintBox *p, double x0, double top, double x1, double bottom) {
    double width = x1 - x0, height = bottom - top;
    double ix = py_min(p->x1, x1) - py_max(p->x0, x0);
    double iy = py_min(p->bottom, bottom) - py_max(p->top, top);
    if (width <= 0 || height <= 0) {
        double cx = (x0 + x1) / 2, cy = (top + bottom) / 2;
        return p->x0 <= cx && cx <= p->x1 && p->top <= cy && cy <= p->bottom;
    }
    return ix > 0 && iy > 0 && ix * iy >= 0.5 * width * height;
}

/* What classify_hidden works with for one page. */
typedef struct {
    double width, height, min_size, min_advance, min_contrast;
    PaintBox *paints, *images;
    Py_ssize_t n_paints, n_images;
    PyObject *kinds; /* (off page, invisible render, tiny text, background colour) */
    PyObject *contrasts, *white, *ratio, *fallback;
} Hidden;

/* _visibility._reason for one run whose fields have the engines' types: a new reference to
 * the reason (None when visible), or NULL on error. 0 in *handled sends the run to the
 * Python path. */
static PyObject *run_reason(Hidden *h, PyObject *run, PyObject *text, int *handled) {
    double x0, top, x1, bottom, size;
    long long render, order;
    *handled = 0;
    int ok = float_attr(run, s_x0, &x0);
    ok = ok == 1 ? float_attr(run, s_top, &top) : ok;
    ok = ok == 1 ? float_attr(run, s_x1, &x1) : ok;
    ok = ok == 1 ? float_attr(run, s_bottom, &bottom) : ok;
    ok = ok == 1 ? float_attr(run, s_size, &size) : ok;
    ok = ok == 1 ? int_attr(run, s_render_mode, &render) : ok;
    ok = ok == 1 ? int_attr(run, s_order, &order) : ok;
    if (ok != 1)
        return ok < 0 ? NULL : Py_NewRef(Py_None);
    *handled = 1;
    double cx = (x0 + x1) / 2, cy = (top + bottom) / 2;
    if (!(-1.0 <= cx && cx <= h->width + 1.0 && -1.0 <= cy && cy <= h->height + 1.0))
        return Py_NewRef(PyTuple_GET_ITEM(h->kinds, 0));
    if (render == 3 || render == 7) {
        for (Py_ssize_t i = 0; i < h->n_images; i++) {
            const PaintBox *p = &h->images[i];
            if (p->x0 <= cx && cx <= p->x1 && p->top <= cy && cy <= p->bottom)
                return Py_NewRef(Py_None);
        }
        return Py_NewRef(PyTuple_GET_ITEM(h->kinds, 1));
    }
    int tiny = size < h->min_size;
    if (!tiny) {
        PyObject *replaced = PyObject_GetAttr(run, s_replaced);
        int is_replaced = replaced ? PyObject_IsTrue(replaced) : -1;
        Py_XDECREF(replaced);
        if (is_replaced < 0)
            return NULL;
        Py_ssize_t glyphs = PyUnicode_GET_LENGTH(text);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(text); i++)
            glyphs -= PyUnicode_READ(kind, data, i) == ' ';
        if (!is_replaced && glyphs >= 4) {
            double height = bottom - top;
            double extent = height > 2 * size ? height : x1 - x0;
            tiny = extent / (double)glyphs < h->min_advance;
        }
    }
    if (tiny)
        return Py_NewRef(PyTuple_GET_ITEM(h->kinds, 2));
    PyObject *fill = PyObject_GetAttr(run, s_fill);
    if (fill == NULL)
        return NULL;
    if (fill == Py_None || render == 1 || render == 5) {
        Py_DECREF(fill);
        return Py_NewRef(Py_None);
    }
    PyObject *background = NULL;
    int found = 0;
    for (Py_ssize_t i = 0; i < h->n_paints && !found; i++) {
        const PaintBox *p = &h->paints[i];
        if (p->order >= order || p->alpha < 0.5 || !covers(p, x0, top, x1, bottom))
            continue;
        found = 1;
        if (!p->has_fill) {
            Py_DECREF(fill);
            return Py_NewRef(Py_None); /* an image or shading: its colour is unknown */
        }
        double a = py_min(1.0, py_max(0.0, p->alpha));
        background = Py_BuildValue("(ddd)", p->fill[0] * a + 1.0 * (1 - a),
                                   p->fill[1] * a + 1.0 * (1 - a), p->fill[2] * a + 1.0 * (1 - a));
    }
    if (!found)
        background = Py_NewRef(h->white);
    PyObject *alpha = background ? PyObject_GetAttr(run, s_alpha) : NULL;
    PyObject *key = alpha ? PyTuple_Pack(3, fill, alpha, background) : NULL;
    PyObject *reason = NULL;
    if (key != NULL) {
        PyObject *ratio = PyDict_GetItemWithError(h->contrasts, key);
        if (ratio != NULL) {
            Py_INCREF(ratio);
        } else if (!PyErr_Occurred()) {
            ratio = PyObject_CallFunctionObjArgs(h->ratio, fill, alpha, background, NULL);
            if (ratio != NULL && PyDict_SetItem(h->contrasts, key, ratio) < 0)
                Py_CLEAR(ratio);
        }
        if (ratio != NULL) {
            PyObject *limit = PyFloat_FromDouble(h->min_contrast);
            int low = limit ? PyObject_RichCompareBool(ratio, limit, Py_LT) : -1;
            Py_XDECREF(limit);
            if (low >= 0)
                reason = Py_NewRef(low ? PyTuple_GET_ITEM(h->kinds, 3) : Py_None);
            Py_DECREF(ratio);
        }
    }
    Py_DECREF(fill);
    Py_XDECREF(background);
    Py_XDECREF(alpha);
    Py_XDECREF(key);
    return reason;
}

/* _visibility.classify_hidden after its paints are chosen: set hidden on every run with
 * text. Runs with unusual field types go to fallback(run). False, without touching a run,
 * when a paint has unusual field types (the caller then runs the Python loop). */
static PyObject *classify_runs(PyObject *self, PyObject *args) {
    PyObject *runs, *paints, *images;
    Hidden h;
    (void)self;
    memset(&h, 0, sizeof(h));
    if (!PyArg_ParseTuple(args, "O!ddO!O!O!O!OOO(ddd)", &PyList_Type, &runs, &h.width,
                          &h.height, &PyList_Type, &paints, &PyList_Type, &images, &PyTuple_Type,
                          &h.kinds, &PyDict_Type, &h.contrasts, &h.white, &h.ratio, &h.fallback,
                          &h.min_size, &h.min_advance, &h.min_contrast))
        return NULL;
    if (PyTuple_GET_SIZE(h.kinds) != 4) {
        PyErr_SetString(PyExc_ValueError, "kinds must hold four finding kinds");
        return NULL;
    }
    PyObject *result = NULL;
    h.n_paints = PyList_GET_SIZE(paints);
    h.n_images = PyList_GET_SIZE(images);
    int ok = paint_boxes(paints, &h.paints);
    ok = ok == 1 ? paint_boxes(images, &h.images) : ok;
    if (ok <= 0) {
        if (ok == 0)
            result = Py_NewRef(Py_False);
        goto done;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(runs); i++) {
        PyObject *run = PyList_GET_ITEM(runs, i);
        PyObject *text = PyObject_GetAttr(run, s_text);
        if (text == NULL)
            goto done;
        int blank = -1;
        if (PyUnicode_CheckExact(text)) {
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            blank = 1;
            for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(text) && blank; k++)
                blank = Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k));
        }
        int handled = 0;
        PyObject *reason = NULL;
        if (blank == 0)
            reason = run_reason(&h, run, text, &handled);
        Py_DECREF(text);
        if (blank == 1)
            continue;
        if (blank == 0 && reason == NULL)
            goto done;
        if (!handled) {
            Py_XDECREF(reason);
            reason = PyObject_CallOneArg(h.fallback, run);
            if (reason == NULL)
                goto done;
            if (reason == Py_Ellipsis) { /* blank by str.strip() of a str subclass */
                Py_DECREF(reason);
                continue;
            }
        }
        int failed = PyObject_SetAttr(run, s_hidden, reason) < 0;
        Py_DECREF(reason);
        if (failed)
            goto done;
    }
    result = Py_NewRef(Py_True);
done:
    PyMem_Free(h.paints);
    PyMem_Free(h.images);
    return result;
}

/* Python's round(x, 2) for a float: the double nearest to x rounded to two decimals, ties
 * to even, as CPython gets it through a decimal string (_Py_dg_dtoa, then strtod). The
 * product x * 100 is taken exactly (its rounding error from fma), which decides the integer
 * k; k / 100 is then correctly rounded like strtod's result. Not finite or huge values go to
 * Python's round itself. */
static PyObject *round2(PyObject *value, PyObject *round_fn) {
    double x = PyFloat_AS_DOUBLE(value);
    if (!isfinite(x) || fabs(x) >= 1e12)
        return PyObject_CallFunction(round_fn, "Oi", value, 2);
    double p = x * 100.0;
    double error = fma(x, 100.0, -p); /* x * 100 == p + error exactly */
    double whole = floor(p);
    double fraction = p - whole; /* exact: p and its floor are within one binade */
    double k = whole;
    if (fraction >= 0.25) { /* below it, |error| < 1/8 cannot reach the half */
        double past_half = (fraction - 0.5) + error; /* sign of the exact difference */
        if (past_half > 0 || (past_half == 0 && fmod(whole, 2.0) != 0.0))
            k = whole + 1;
    }
    return PyFloat_FromDouble(copysign(k / 100.0, x));
}

/* text with every run of two or more spaces as one space, then str.strip(): how _layout
 * finishes a line (_SPACES.sub(" ", text).strip()). */
static PyObject *collapse_strip(PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 *out = PyMem_Malloc(((size_t)n + 1) * sizeof(Py_UCS4));
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t length = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == ' ' && length > 0 && out[length - 1] == ' ' && i > 0 &&
            PyUnicode_READ(kind, data, i - 1) == ' ')
            continue;
        out[length++] = ch;
    }
    Py_ssize_t start = 0, end = length;
    while (start < end && Py_UNICODE_ISSPACE(out[start]))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(out[end - 1]))
        end--;
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out + start, end - start);
    PyMem_Free(out);
    return result;
}

/* What a line's run contributes to _layout._block. */
typedef struct {
    PyObject *run, *text, *size, *x0_obj;
    double x0, x1, size_value;
    Py_ssize_t weight;
    int bold;
} LineRun;

/* _layout._block: the RawBlock of a line's runs, built as _layout._raw_block does (the
 * slots' descriptors set each field), or None when a run has unusual field types (the
 * Python path then builds it). context is (RawBlock, its seven field descriptors from text
 * to column, BlockKind.LINE, round, SPACE_GAP). */
typedef struct {
    PyObject *block_type, *setters, *line_kind, *round_fn;
    double space_gap;
} LineContext;

static int line_context(PyObject *context, LineContext *c) {
    if (!PyArg_ParseTuple(context, "OO!OOd", &c->block_type, &PyTuple_Type, &c->setters,
                          &c->line_kind, &c->round_fn, &c->space_gap))
        return -1;
    if (PyTuple_GET_SIZE(c->setters) != 7 || !PyType_Check(c->block_type)) {
        PyErr_SetString(PyExc_ValueError, "a line needs RawBlock and its seven fields");
        return -1;
    }
    return 0;
}

static PyObject *build_line(PyObject *runs, PyObject *column, PyObject *hidden,
                            const LineContext *c) {
    PyObject *block_type = c->block_type, *setters = c->setters, *line_kind = c->line_kind;
    PyObject *round_fn = c->round_fn;
    double space_gap = c->space_gap;
    Py_ssize_t n = PyList_GET_SIZE(runs);
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "a line needs runs");
        return NULL;
    }
    LineRun *lr = PyMem_Calloc((size_t)n, sizeof(LineRun));
    if (lr == NULL)
        return PyErr_NoMemory();
    PyObject *result = NULL, *text = NULL, *size = NULL, *x0 = NULL, *bold = NULL;
    int usual = 1;
    for (Py_ssize_t i = 0; i < n && usual; i++) {
        LineRun *r = &lr[i];
        r->run = PyList_GET_ITEM(runs, i);
        r->text = PyObject_GetAttr(r->run, s_text);
        r->size = r->text ? PyObject_GetAttr(r->run, s_size) : NULL;
        r->x0_obj = r->size ? PyObject_GetAttr(r->run, s_x0) : NULL;
        if (r->x0_obj == NULL)
            goto done;
        usual = PyUnicode_CheckExact(r->text) && PyFloat_CheckExact(r->size) &&
                PyFloat_CheckExact(r->x0_obj);
        if (!usual)
            break;
        r->size_value = PyFloat_AS_DOUBLE(r->size);
        r->x0 = PyFloat_AS_DOUBLE(r->x0_obj);
        if (n > 1) {
            int is_float = float_attr(r->run, s_x1, &r->x1);
            if (is_float < 0)
                goto done;
            usual = is_float;
            PyObject *b = PyObject_GetAttr(r->run, s_bold);
            r->bold = b ? PyObject_IsTrue(b) : -1;
            Py_XDECREF(b);
            if (r->bold < 0)
                goto done;
            Py_ssize_t length = PyUnicode_GET_LENGTH(r->text), start = 0, end = length;
            int kind = PyUnicode_KIND(r->text);
            const void *data = PyUnicode_DATA(r->text);
            while (start < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)))
                start++;
            while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
                end--;
            r->weight = end - start > 1 ? end - start : 1;
        }
    }
    if (!usual) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (n == 1) {
        text = collapse_strip(lr[0].text);
        size = round2(lr[0].size, round_fn);
        x0 = round2(lr[0].x0_obj, round_fn);
        bold = PyObject_GetAttr(lr[0].run, s_bold);
    } else {
        /* _layout._join */
        PyObject *parts = PyList_New(0);
        PyObject *space = PyUnicode_FromString(" ");
        int failed = parts == NULL || space == NULL;
        for (Py_ssize_t i = 0; i < n && !failed; i++) {
            if (i > 0) {
                const LineRun *p = &lr[i - 1], *r = &lr[i];
                double ahead = r->x0 - p->x1, behind = p->x0 - r->x1;
                double gap = behind > ahead ? behind : ahead;
                Py_ssize_t plen = PyUnicode_GET_LENGTH(p->text);
                int ends_space = plen > 0 && PyUnicode_READ_CHAR(p->text, plen - 1) == ' ';
                int starts_space = PyUnicode_GET_LENGTH(r->text) > 0 &&
                                   PyUnicode_READ_CHAR(r->text, 0) == ' ';
                double smaller = r->size_value < p->size_value ? r->size_value : p->size_value;
                if (!ends_space && !starts_space && gap > space_gap * smaller)
                    failed = PyList_Append(parts, space) < 0;
            }
            failed = failed || PyList_Append(parts, lr[i].text) < 0;
        }
        PyObject *empty = failed ? NULL : PyUnicode_FromString("");
        PyObject *joined = empty ? PyUnicode_Join(empty, parts) : NULL;
        text = joined ? collapse_strip(joined) : NULL;
        Py_XDECREF(empty);
        Py_XDECREF(joined);
        Py_XDECREF(parts);
        Py_XDECREF(space);
        /* the size of the first heaviest run, bold by weight, the leftmost x0 (min()) */
        Py_ssize_t heaviest = 0, total = 0, bold_weight = 0, leftmost = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (lr[i].weight > lr[heaviest].weight)
                heaviest = i;
            total += lr[i].weight;
            bold_weight += lr[i].bold ? lr[i].weight : 0;
            if (lr[i].x0 < lr[leftmost].x0)
                leftmost = i;
        }
        if (text != NULL) {
            size = round2(lr[heaviest].size, round_fn);
            x0 = round2(lr[leftmost].x0_obj, round_fn);
            bold = PyBool_FromLong(bold_weight * 2 > total);
        }
    }
    if (text == NULL || size == NULL || x0 == NULL || bold == NULL)
        goto done;
    PyObject *values[7] = {text, line_kind, hidden, size, bold, x0, column};
    result = with_fields(block_type, PySequence_Fast_ITEMS(setters), values, 7);
done:
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_XDECREF(lr[i].text);
        Py_XDECREF(lr[i].size);
        Py_XDECREF(lr[i].x0_obj);
    }
    PyMem_Free(lr);
    Py_XDECREF(text);
    Py_XDECREF(size);
    Py_XDECREF(x0);
    Py_XDECREF(bold);
    return result;
}

static PyObject *line_block(PyObject *self, PyObject *args) {
    PyObject *runs, *column, *hidden, *context;
    LineContext c;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!OOO!", &PyList_Type, &runs, &column, &hidden, &PyTuple_Type,
                          &context))
        return NULL;
    if (line_context(context, &c) < 0)
        return NULL;
    return build_line(runs, column, hidden, &c);
}

/* A number as a double: 1 for a float or an int that converts exactly, 0 for anything
 * else, -1 on error. */
static int number_value(PyObject *value, double *out) {
    if (PyFloat_CheckExact(value)) {
        *out = PyFloat_AS_DOUBLE(value);
        return 1;
    }
    if (!PyLong_CheckExact(value))
        return 0;
    int overflow = 0;
    long long whole = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (whole == -1 && PyErr_Occurred())
        return -1;
    if (overflow || whole > (1LL << 53) || whole < -(1LL << 53))
        return 0;
    *out = (double)whole;
    return 1;
}

static PyObject *s_segments, *s_column, *s_runs, *s_row, *s_font_size;

static int is_rtl_char(Py_UCS4 ch);

/* One segment of a zone as _zone_blocks reads it: the attribute objects and their values. */
typedef struct {
    PyObject *segment, *runs, *top, *bottom;
    double vtop, vbottom, vx0;
} ZoneSegment;

/* Stable insertion-merge order of idx[0:n] by key[idx] (no NaN: a total order, so any stable
 * sort gives what Python's sorted gives). */
static void stable_order(Py_ssize_t *idx, Py_ssize_t *tmp, const double *key, Py_ssize_t n) {
    for (Py_ssize_t width = 1; width < n; width *= 2) {
        for (Py_ssize_t lo = 0; lo < n; lo += 2 * width) {
            Py_ssize_t mid = lo + width < n ? lo + width : n;
            Py_ssize_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            Py_ssize_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                tmp[k++] = key[idx[b]] < key[idx[a]] ? idx[b++] : idx[a++];
            while (a < mid)
                tmp[k++] = idx[a++];
            while (b < hi)
                tmp[k++] = idx[b++];
        }
        memcpy(idx, tmp, (size_t)n * sizeof *idx);
    }
}

/* 1 when a run of runs has an Arabic or Hebrew letter or is not a TextRun with str text (the
 * Python path then decides), 0 when none has, -1 on error. */
static int any_rtl_or_odd(PyObject *runs) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(runs); i++) {
        PyObject *text = PyObject_GetAttr(PyList_GET_ITEM(runs, i), s_text);
        if (text == NULL)
            return -1;
        int odd = !PyUnicode_CheckExact(text);
        if (!odd && PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND) {
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(text) && !odd; k++)
                odd = is_rtl_char(PyUnicode_READ(kind, data, k));
        }
        Py_DECREF(text);
        if (odd)
            return 1;
    }
    return 0;
}

/* _layout._zone_blocks for a zone whose rows hold several segments or are out of order: the
 * segments grouped by row (in order of first appearance), rows ordered by their top (the
 * smallest of their segments'), a row's segments left to right with their runs joined.
 * A list of (runs, top, bottom), or Py_None when a value is not a plain float, a top, bottom
 * or left edge is NaN, or a joined row has right-to-left text (the Python path decides
 * those); NULL on error. segments is a list the caller owns and keeps unchanged. Grouping
 * and both sorts take O(n log n) for n segments. */
static PyObject *grouped_lines(PyObject *segments) {
    Py_ssize_t n = PyList_GET_SIZE(segments);
    size_t slots = (size_t)n + 1;
    ZoneSegment *segs = PyMem_Calloc(slots, sizeof *segs);
    /* One block of indexes cut into seven arrays (row_start and filled have one slot more),
     * one of doubles cut into two. */
    Py_ssize_t *indexes = PyMem_Calloc(7 * slots + 2, sizeof *indexes);
    double *values = PyMem_Calloc(2 * slots, sizeof *values);
    Py_ssize_t *row_of = indexes, *order = row_of + slots, *scratch = order + slots;
    Py_ssize_t *members = scratch + slots, *row_top_at = members + slots;
    Py_ssize_t *row_start = row_top_at + slots, *filled = row_start + slots + 1;
    double *row_top = values, *x0s = values + slots;
    PyObject *rows = PyDict_New(), *result = NULL, *lines = NULL;
    Py_ssize_t row_count = 0;
    int usual = 1;
    if (!segs || !indexes || !values || !rows) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n && usual; i++) {
        ZoneSegment *z = &segs[i];
        z->segment = PyList_GET_ITEM(segments, i);
        z->runs = PyObject_GetAttr(z->segment, s_runs);
        z->top = z->runs ? PyObject_GetAttr(z->segment, s_top) : NULL;
        z->bottom = z->top ? PyObject_GetAttr(z->segment, s_bottom) : NULL;
        PyObject *row = z->bottom ? PyObject_GetAttr(z->segment, s_row) : NULL;
        if (row == NULL)
            goto done;
        int x0_float = float_attr(z->segment, s_x0, &z->vx0);
        if (x0_float < 0) {
            Py_DECREF(row);
            goto done;
        }
        if (!x0_float || !PyFloat_CheckExact(z->top) || !PyFloat_CheckExact(z->bottom) ||
            !PyList_CheckExact(z->runs)) {
            usual = 0;
        } else {
            z->vtop = PyFloat_AS_DOUBLE(z->top);
            z->vbottom = PyFloat_AS_DOUBLE(z->bottom);
            x0s[i] = z->vx0;
            usual = !isnan(z->vtop) && !isnan(z->vbottom) && !isnan(z->vx0);
        }
        PyObject *known = usual ? PyDict_GetItemWithError(rows, row) : NULL;
        if (known == NULL && PyErr_Occurred()) {
            Py_DECREF(row);
            goto done;
        }
        if (usual && known == NULL) {
            PyObject *index = PyLong_FromSsize_t(row_count);
            int failed = index == NULL || PyDict_SetItem(rows, row, index) < 0;
            Py_XDECREF(index);
            if (failed) {
                Py_DECREF(row);
                goto done;
            }
            row_of[i] = row_count;
            row_top[row_count] = z->vtop; /* min() keeps the first of equals */
            row_top_at[row_count] = i;
            row_count++;
        } else if (usual) {
            Py_ssize_t r = PyLong_AsSsize_t(known);
            row_of[i] = r;
            if (z->vtop < row_top[r]) {
                row_top[r] = z->vtop;
                row_top_at[r] = i;
            }
        }
        Py_DECREF(row);
    }
    if (!usual) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* Each row's segments, in zone order, as the slice members[row_start[r]:row_start[r+1]]. */
    for (Py_ssize_t i = 0; i < n; i++)
        row_start[row_of[i] + 1]++;
    for (Py_ssize_t r = 0; r < row_count; r++) {
        row_start[r + 1] += row_start[r];
        filled[r] = row_start[r];
    }
    for (Py_ssize_t i = 0; i < n; i++)
        members[filled[row_of[i]]++] = i;
    for (Py_ssize_t r = 0; r < row_count; r++)
        order[r] = r;
    stable_order(order, scratch, row_top, row_count);
    lines = PyList_New(0);
    if (lines == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < row_count && usual; k++) {
        Py_ssize_t r = order[k], m = row_start[r + 1] - row_start[r];
        Py_ssize_t *row_members = members + row_start[r];
        PyObject *line = NULL;
        if (m == 1) {
            ZoneSegment *z = &segs[row_members[0]];
            line = PyTuple_Pack(3, z->runs, z->top, z->bottom);
        } else {
            stable_order(row_members, scratch, x0s, m);
            PyObject *runs = PyList_New(0);
            Py_ssize_t lowest = row_members[0];
            for (Py_ssize_t j = 0; runs != NULL && j < m; j++) {
                ZoneSegment *z = &segs[row_members[j]];
                if (z->vbottom > segs[lowest].vbottom) /* max() keeps the first of equals */
                    lowest = row_members[j];
                Py_ssize_t end = PyList_GET_SIZE(runs);
                if (PyList_SetSlice(runs, end, end, z->runs) < 0)
                    Py_CLEAR(runs);
            }
            int odd = runs == NULL ? -1 : any_rtl_or_odd(runs);
            if (odd == 0)
                line = PyTuple_Pack(3, runs, segs[row_top_at[r]].top, segs[lowest].bottom);
            else if (odd == 1)
                usual = 0;
            Py_XDECREF(runs);
            if (odd == 1)
                break;
        }
        if (line == NULL || PyList_Append(lines, line) < 0) {
            Py_XDECREF(line);
            goto done;
        }
        Py_DECREF(line);
    }
    result = usual ? Py_NewRef(lines) : Py_NewRef(Py_None);
done:
    for (Py_ssize_t i = 0; segs != NULL && i < n; i++) {
        Py_XDECREF(segs[i].runs);
        Py_XDECREF(segs[i].top);
        Py_XDECREF(segs[i].bottom);
    }
    PyMem_Free(segs);
    PyMem_Free(indexes);
    PyMem_Free(values);
    Py_XDECREF(rows);
    Py_XDECREF(lines);
    return result;
}

/* The lines of one zone as _layout._zone_blocks yields them: a new list of (runs, top,
 * bottom), built here in its common case (one segment per row, already top to bottom), by
 * grouped_lines when rows repeat or are out of order, and by zone_lines (the Python
 * generator) for what grouped_lines leaves. The zone's segments are read from a copy of the
 * list, so each stays alive whatever attribute reads run. */
static PyObject *zone_line_list(PyObject *zone, PyObject *zone_lines) {
    PyObject *attribute = PyObject_GetAttr(zone, s_segments);
    if (attribute == NULL)
        return NULL;
    if (!PyList_CheckExact(attribute)) {
        Py_DECREF(attribute);
        return PySequence_List(zone_lines); /* unreachable with Zone; kept for safety */
    }
    PyObject *segments = PyList_GetSlice(attribute, 0, PyList_GET_SIZE(attribute));
    Py_DECREF(attribute);
    if (segments == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(segments);
    PyObject *rows = PySet_New(NULL), *lines = PyList_New(n);
    int simple = rows != NULL && lines != NULL;
    double previous_top = 0.0;
    for (Py_ssize_t i = 0; simple && i < n; i++) {
        PyObject *segment = PyList_GET_ITEM(segments, i);
        PyObject *runs = PyObject_GetAttr(segment, s_runs);
        PyObject *row = runs ? PyObject_GetAttr(segment, s_row) : NULL;
        PyObject *top = row ? PyObject_GetAttr(segment, s_top) : NULL;
        PyObject *bottom = top ? PyObject_GetAttr(segment, s_bottom) : NULL;
        PyObject *line = bottom ? PyTuple_Pack(3, runs, top, bottom) : NULL;
        int fresh = -1;
        if (line != NULL) {
            fresh = PySet_Contains(rows, row);
            fresh = fresh == 0 ? (PySet_Add(rows, row) < 0 ? -1 : 1) : (fresh > 0 ? 0 : -1);
        }
        /* a.top <= b.top for consecutive segments; a NaN or a non-float top fails it */
        if (fresh == 1) {
            if (!PyFloat_CheckExact(top))
                fresh = 0;
            else if (i > 0 && !(previous_top <= PyFloat_AS_DOUBLE(top)))
                fresh = 0;
            else
                previous_top = PyFloat_AS_DOUBLE(top);
        }
        Py_XDECREF(runs);
        Py_XDECREF(row);
        Py_XDECREF(top);
        Py_XDECREF(bottom);
        if (fresh < 0) {
            Py_XDECREF(line);
            Py_XDECREF(rows);
            Py_XDECREF(lines);
            Py_DECREF(segments);
            return NULL;
        }
        if (fresh == 0) {
            Py_XDECREF(line);
            simple = 0;
            break;
        }
        PyList_SET_ITEM(lines, i, line);
    }
    Py_XDECREF(rows);
    if (simple) {
        Py_DECREF(segments);
        return lines;
    }
    Py_XDECREF(lines);
    if (PyErr_Occurred()) {
        Py_DECREF(segments);
        return NULL;
    }
    PyObject *grouped = grouped_lines(segments);
    Py_DECREF(segments);
    if (grouped != Py_None)
        return grouped;
    Py_DECREF(grouped);
    return PySequence_List(zone_lines);
}

/* _layout._visible_blocks after split_columns: each zone's lines as blocks, with a gap block
 * before a new zone and before a paragraph. True when done; False, with blocks left empty,
 * when a line's values are not numbers (the Python loop then runs). context is (the
 * line_block context, _block, _zone_blocks, the gap block, PARAGRAPH_GAP). */
static PyObject *zone_blocks(PyObject *self, PyObject *args) {
    PyObject *zones, *blocks, *line_ctx, *python_block, *python_lines, *gap;
    double paragraph_gap;
    LineContext c;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!O!(O!OOOd)", &PyList_Type, &zones, &PyList_Type, &blocks,
                          &PyTuple_Type, &line_ctx, &python_block, &python_lines, &gap,
                          &paragraph_gap))
        return NULL;
    if (line_context(line_ctx, &c) < 0)
        return NULL;
    if (PyList_GET_SIZE(blocks) != 0) {
        PyErr_SetString(PyExc_ValueError, "blocks must start empty");
        return NULL;
    }
    int usual = 1;
    for (Py_ssize_t z = 0; usual && z < PyList_GET_SIZE(zones); z++) {
        PyObject *zone = PyList_GET_ITEM(zones, z);
        PyObject *column = PyObject_GetAttr(zone, s_column);
        PyObject *generator = column ? PyObject_CallOneArg(python_lines, zone) : NULL;
        PyObject *lines = generator ? zone_line_list(zone, generator) : NULL;
        Py_XDECREF(generator);
        if (lines == NULL) {
            Py_XDECREF(column);
            return NULL;
        }
        int has_previous = 0;
        double previous_bottom = 0.0, previous_size = 0.0;
        for (Py_ssize_t i = 0; usual && i < PyList_GET_SIZE(lines); i++) {
            PyObject *line = PyList_GET_ITEM(lines, i), *runs, *top_obj, *bottom_obj;
            if (!PyArg_ParseTuple(line, "O!OO", &PyList_Type, &runs, &top_obj, &bottom_obj))
                goto fail;
            PyObject *block = build_line(runs, column, Py_None, &c);
            if (block == Py_None) {
                Py_DECREF(block);
                block = PyObject_CallFunctionObjArgs(python_block, runs, column, Py_None, NULL);
            }
            if (block == NULL)
                goto fail;
            PyObject *text = PyObject_GetAttr(block, s_text);
            int empty = text == NULL ? -1 : PyObject_Not(text);
            Py_XDECREF(text);
            PyObject *font_size = empty == 0 ? PyObject_GetAttr(block, s_font_size) : NULL;
            double size = 0.0, top = 0.0, bottom = 0.0;
            int known = 1;
            if (font_size != NULL) {
                int truthy = PyObject_IsTrue(font_size);
                known = truthy < 0 ? -1 : (truthy ? number_value(font_size, &size) : 1);
                Py_DECREF(font_size);
            } else if (empty == 0) {
                known = -1;
            }
            if (empty == 0 && known == 1)
                known = number_value(top_obj, &top);
            if (empty == 0 && known == 1)
                known = number_value(bottom_obj, &bottom);
            if (empty < 0 || known < 0) {
                Py_DECREF(block);
                goto fail;
            }
            if (empty == 1) {
                Py_DECREF(block);
                continue;
            }
            if (known == 0) {
                Py_DECREF(block);
                usual = 0;
                break;
            }
            int new_zone = !has_previous && z > 0;
            double larger = previous_size > size ? previous_size : size;
            int paragraph = has_previous && top - previous_bottom > paragraph_gap * larger;
            int failed = 0;
            if ((new_zone || paragraph) && PyList_GET_SIZE(blocks) > 0)
                failed = PyList_Append(blocks, gap) < 0;
            failed = failed || PyList_Append(blocks, block) < 0;
            Py_DECREF(block);
            if (failed)
                goto fail;
            has_previous = 1;
            previous_bottom = bottom;
            previous_size = size;
        }
        Py_DECREF(lines);
        Py_DECREF(column);
        continue;
    fail:
        Py_DECREF(lines);
        Py_DECREF(column);
        return NULL;
    }
    if (!usual) {
        if (PyList_SetSlice(blocks, 0, PyList_GET_SIZE(blocks), NULL) < 0)
            return NULL;
        Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}

/* list.sort(key=key) on list: a new reference to None, or NULL on error. */
static PyObject *sort_by(PyObject *list, PyObject *key) {
    PyObject *sort = PyObject_GetAttrString(list, "sort");
    PyObject *kwargs = sort ? Py_BuildValue("{sO}", "key", key) : NULL;
    PyObject *empty = kwargs ? PyTuple_New(0) : NULL;
    PyObject *done = empty ? PyObject_Call(sort, empty, kwargs) : NULL;
    Py_XDECREF(sort);
    Py_XDECREF(kwargs);
    Py_XDECREF(empty);
    return done;
}

/* A run as _layout._rows and _segments read it: the attribute objects (min() and max()
 * keep the first of equals, so the segment's bounds are these very objects) and values. */
typedef struct {
    PyObject *run, *x0, *x1, *top, *bottom, *size;
    double vx0, vx1, vtop, vbottom, vsize;
    Py_ssize_t chars;
    int rtl;
} RowRun;

/* Arabic and Hebrew letters (_layout._RTL). */
static int is_rtl_char(Py_UCS4 ch) {
    return (ch >= 0x0590 && ch <= 0x08ff) || (ch >= 0xfb1d && ch <= 0xfdff) ||
           (ch >= 0xfe70 && ch <= 0xfefe);
}

/* Build a Segment of runs[start:stop] (its fields set through the slots' descriptors, as
 * Segment.__init__ computes them). */
static PyObject *make_segment(PyObject *type, PyObject *setters, RowRun **runs,
                              Py_ssize_t start, Py_ssize_t stop, Py_ssize_t row,
                              PyObject *row_list) {
    RowRun *first = runs[start];
    PyObject *x0 = first->x0, *x1 = first->x1, *top = first->top, *bottom = first->bottom;
    PyObject *size = first->size;
    double vx0 = first->vx0, vx1 = first->vx1, vtop = first->vtop, vbottom = first->vbottom;
    double vsize = first->vsize;
    Py_ssize_t chars = first->chars;
    for (Py_ssize_t i = start + 1; i < stop; i++) {
        RowRun *r = runs[i];
        if (r->vx0 < vx0) { x0 = r->x0; vx0 = r->vx0; }
        if (r->vx1 > vx1) { x1 = r->x1; vx1 = r->vx1; }
        if (r->vtop < vtop) { top = r->top; vtop = r->vtop; }
        if (r->vbottom > vbottom) { bottom = r->bottom; vbottom = r->vbottom; }
        if (r->vsize > vsize) { size = r->size; vsize = r->vsize; }
        chars += r->chars;
    }
    PyObject *members = row_list;
    if (members != NULL) {
        Py_INCREF(members);
    } else {
        members = PyList_New(stop - start);
        if (members == NULL)
            return NULL;
        for (Py_ssize_t i = start; i < stop; i++)
            PyList_SET_ITEM(members, i - start, Py_NewRef(runs[i]->run));
    }
    PyObject *row_number = PyLong_FromSsize_t(row);
    PyObject *count = PyLong_FromSsize_t(chars);
    PyObject *values[8] = {members, row_number, x0, x1, top, bottom, size, count};
    PyObject *segment = row_number && count
                            ? with_fields(type, PySequence_Fast_ITEMS(setters), values, 8)
                            : NULL;
    Py_DECREF(members);
    Py_XDECREF(row_number);
    Py_XDECREF(count);
    return segment;
}

/* _layout._segments(_layout._rows(runs)): the page's segments, or None when a run has
 * unusual field types (the Python path then builds them). context is (Segment, its eight
 * field descriptors from runs to chars, the x0 sort key, the right-to-left sort key,
 * _is_rtl, ROW_TOLERANCE, SEGMENT_GAP). Sorting is left to list.sort with the same keys,
 * so equal and NaN keys end where the Python path puts them. */
static PyObject *segments(PyObject *self, PyObject *args) {
    PyObject *runs, *type, *setters, *ltr_key, *rtl_key, *is_rtl;
    double tolerance, segment_gap;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!(OO!OOOdd)", &PyList_Type, &runs, &type, &PyTuple_Type,
                          &setters, &ltr_key, &rtl_key, &is_rtl, &tolerance, &segment_gap))
        return NULL;
    if (PyTuple_GET_SIZE(setters) != 8 || !PyType_Check(type)) {
        PyErr_SetString(PyExc_ValueError, "segments needs Segment and its eight fields");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(runs);
    RowRun *rr = PyMem_Calloc((size_t)n + 1, sizeof(RowRun));
    RowRun **ordered = PyMem_Calloc((size_t)n + 1, sizeof(RowRun *));
    PyObject *result = NULL, *keys = NULL, *order = NULL, *rows = NULL;
    if (rr == NULL || ordered == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int usual = 1;
    for (Py_ssize_t i = 0; i < n && usual; i++) {
        RowRun *r = &rr[i];
        r->run = PyList_GET_ITEM(runs, i);
        PyObject *text = PyObject_GetAttr(r->run, s_text);
        if (text == NULL)
            goto done;
        usual = PyUnicode_CheckExact(text);
        if (usual) {
            r->chars = PyUnicode_GET_LENGTH(text);
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            for (Py_ssize_t k = 0; k < r->chars && !r->rtl; k++)
                r->rtl = is_rtl_char(PyUnicode_READ(kind, data, k));
        }
        Py_DECREF(text);
        PyObject **slots[5] = {&r->x0, &r->x1, &r->top, &r->bottom, &r->size};
        PyObject *names[5] = {s_x0, s_x1, s_top, s_bottom, s_size};
        double *values[5] = {&r->vx0, &r->vx1, &r->vtop, &r->vbottom, &r->vsize};
        for (int k = 0; k < 5 && usual; k++) {
            *slots[k] = PyObject_GetAttr(r->run, names[k]);
            if (*slots[k] == NULL)
                goto done;
            usual = PyFloat_CheckExact(*slots[k]);
            if (usual)
                *values[k] = PyFloat_AS_DOUBLE(*slots[k]);
        }
    }
    if (!usual) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* sorted(runs, key=lambda r: ((r.top + r.bottom) / 2, r.x0)), as a sort of indices */
    keys = PyList_New(n);
    order = PyList_New(n);
    if (keys == NULL || order == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *centre = PyFloat_FromDouble((rr[i].vtop + rr[i].vbottom) / 2);
        PyObject *key = centre ? PyTuple_Pack(2, centre, rr[i].x0) : NULL;
        Py_XDECREF(centre);
        PyObject *index = key ? PyLong_FromSsize_t(i) : NULL;
        if (index == NULL) {
            Py_XDECREF(key);
            goto done;
        }
        PyList_SET_ITEM(keys, i, key);
        PyList_SET_ITEM(order, i, index);
    }
    PyObject *getter = PyObject_GetAttrString(keys, "__getitem__");
    PyObject *sorted = getter ? sort_by(order, getter) : NULL;
    Py_XDECREF(getter);
    if (sorted == NULL)
        goto done;
    Py_DECREF(sorted);
    for (Py_ssize_t i = 0; i < n; i++)
        ordered[i] = &rr[PyLong_AsSsize_t(PyList_GET_ITEM(order, i))];
    /* rows: runs whose centres agree with the row's first run */
    rows = PyList_New(0);
    result = PyList_New(0);
    if (rows == NULL || result == NULL)
        goto fail;
    double anchor_centre = 0.0, anchor_height = 0.0;
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        if (i < n) {
            double centre = (ordered[i]->vtop + ordered[i]->vbottom) / 2;
            double height = ordered[i]->vbottom - ordered[i]->vtop;
            if (i > 0) {
                double smaller = height < anchor_height ? height : anchor_height;
                if (fabs(centre - anchor_centre) <= tolerance * (smaller < 0.5 ? 0.5 : smaller))
                    continue;
            }
            anchor_centre = centre;
            anchor_height = height;
        }
        if (i > start) {
            PyObject *span = PyLong_FromSsize_t(start), *end = PyLong_FromSsize_t(i);
            PyObject *pair = span && end ? PyTuple_Pack(2, span, end) : NULL;
            Py_XDECREF(span);
            Py_XDECREF(end);
            if (pair == NULL || PyList_Append(rows, pair) < 0) {
                Py_XDECREF(pair);
                goto fail;
            }
            Py_DECREF(pair);
        }
        start = i;
    }
    for (Py_ssize_t r = 0; r < PyList_GET_SIZE(rows); r++) {
        PyObject *pair = PyList_GET_ITEM(rows, r);
        Py_ssize_t a = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 0));
        Py_ssize_t b = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 1));
        PyObject *row = PyList_New(b - a);
        if (row == NULL)
            goto fail;
        int rtl = 0;
        for (Py_ssize_t i = a; i < b; i++) {
            PyList_SET_ITEM(row, i - a, Py_NewRef(ordered[i]->run));
            rtl = rtl || ordered[i]->rtl;
        }
        if (b - a > 1) {
            /* row.sort(key=(lambda r: -r.x1) if _is_rtl(row) else (lambda r: r.x0)); _is_rtl
             * is False without an Arabic or Hebrew letter */
            int right_to_left = 0;
            if (rtl) {
                PyObject *verdict = PyObject_CallOneArg(is_rtl, row);
                right_to_left = verdict ? PyObject_IsTrue(verdict) : -1;
                Py_XDECREF(verdict);
            }
            PyObject *done_sort = right_to_left < 0 ? NULL
                                                    : sort_by(row, right_to_left ? rtl_key : ltr_key);
            if (done_sort == NULL) {
                Py_DECREF(row);
                goto fail;
            }
            Py_DECREF(done_sort);
            for (Py_ssize_t i = a; i < b; i++) {
                /* the row's order, for the segments below */
                PyObject *run = PyList_GET_ITEM(row, i - a);
                for (Py_ssize_t k = a; k < b; k++) {
                    if (ordered[k]->run == run) {
                        RowRun *swap = ordered[k];
                        ordered[k] = ordered[i];
                        ordered[i] = swap;
                        break;
                    }
                }
            }
        }
        /* _segments: cut the row where the gap exceeds SEGMENT_GAP times the larger size */
        Py_ssize_t begin = a;
        for (Py_ssize_t i = a + 1; i <= b; i++) {
            if (i < b) {
                const RowRun *p = ordered[i - 1], *q = ordered[i];
                double ahead = q->vx0 - p->vx1, behind = p->vx0 - q->vx1;
                double larger = q->vsize > p->vsize ? q->vsize : p->vsize;
                if (!((behind > ahead ? behind : ahead) > segment_gap * larger))
                    continue;
            }
            PyObject *segment =
                make_segment(type, setters, ordered, begin, i, r, b - a == 1 ? row : NULL);
            if (segment == NULL || PyList_Append(result, segment) < 0) {
                Py_XDECREF(segment);
                Py_DECREF(row);
                goto fail;
            }
            Py_DECREF(segment);
            begin = i;
        }
        Py_DECREF(row);
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    for (Py_ssize_t i = 0; rr != NULL && i < n; i++) {
        Py_XDECREF(rr[i].x0);
        Py_XDECREF(rr[i].x1);
        Py_XDECREF(rr[i].top);
        Py_XDECREF(rr[i].bottom);
        Py_XDECREF(rr[i].size);
    }
    PyMem_Free(rr);
    PyMem_Free(ordered);
    Py_XDECREF(keys);
    Py_XDECREF(order);
    Py_XDECREF(rows);
    return result;
}

/* What _layout.layout_page reads of a run before the layout: its text (replaced when it
 * holds a line break or a soft hyphen) and where it is drawn. */
typedef struct {
    PyObject *run, *key, *hidden;
    double x0, top, size;
} PreparedRun;

/* str.strip() of text as a new reference (text itself when nothing is stripped). */
static PyObject *stripped(PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), start = 0, end = n;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (start < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (start == 0 && end == n)
        return Py_NewRef(text);
    return PyUnicode_Substring(text, start, end);
}

/* The start of _layout.layout_page: the runs with text, line breaks in them as spaces and
 * soft hyphens as hyphens (set on the runs, as the Python code does), fake-bold copies
 * dropped (_drop_fake_bold), split into (visible, hidden). None, before touching a run,
 * when a run's fields are not of the engines' types (the Python code then runs). */
static PyObject *prepare_runs(PyObject *self, PyObject *args) {
    PyObject *runs;
    double offset;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &runs, &offset))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(runs), count = 0;
    PreparedRun *pr = PyMem_Calloc((size_t)n + 1, sizeof(PreparedRun));
    if (pr == NULL)
        return PyErr_NoMemory();
    PyObject *result = NULL, *seen = NULL, *visible = NULL, *hidden = NULL;
    int usual = 1;
    for (Py_ssize_t i = 0; i < n && usual; i++) {
        PyObject *run = PyList_GET_ITEM(runs, i);
        PyObject *text = PyObject_GetAttr(run, s_text);
        if (text == NULL)
            goto done;
        usual = PyUnicode_CheckExact(text);
        PyObject *key = usual ? stripped(text) : NULL;
        Py_DECREF(text);
        if (usual && key == NULL)
            goto done;
        if (!usual || PyUnicode_GET_LENGTH(key) == 0) {
            Py_XDECREF(key);
            continue;
        }
        PreparedRun *r = &pr[count++];
        r->run = run;
        r->key = key;
        int ok = float_attr(run, s_x0, &r->x0);
        ok = ok == 1 ? float_attr(run, s_top, &r->top) : ok;
        ok = ok == 1 ? float_attr(run, s_size, &r->size) : ok;
        if (ok < 0)
            goto done;
        usual = ok;
        r->hidden = PyObject_GetAttr(run, s_hidden);
        if (r->hidden == NULL)
            goto done;
    }
    if (!usual) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PreparedRun *r = &pr[i];
        PyObject *text = PyObject_GetAttr(r->run, s_text);
        if (text == NULL)
            goto done;
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        int kind = PyUnicode_KIND(text), changes = 0;
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t k = 0; k < length && !changes; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            changes = ch == '\r' || ch == '\n' || ch == 0x00ad;
        }
        if (changes) {
            Py_UCS4 *buffer = PyMem_Malloc(((size_t)length + 1) * sizeof(Py_UCS4));
            if (buffer == NULL) {
                Py_DECREF(text);
                PyErr_NoMemory();
                goto done;
            }
            for (Py_ssize_t k = 0; k < length; k++) {
                Py_UCS4 ch = PyUnicode_READ(kind, data, k);
                buffer[k] = (ch == '\r' || ch == '\n') ? ' ' : (ch == 0x00ad ? '-' : ch);
            }
            PyObject *replaced = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, length);
            PyMem_Free(buffer);
            PyObject *key = replaced ? stripped(replaced) : NULL;
            int failed = key == NULL || PyObject_SetAttr(r->run, s_text, replaced) < 0;
            Py_XDECREF(replaced);
            if (failed) {
                Py_XDECREF(key);
                Py_DECREF(text);
                goto done;
            }
            Py_SETREF(r->key, key);
        }
        Py_DECREF(text);
    }
    seen = PyDict_New(); /* stripped text -> list of indices into pr of the kept runs */
    visible = PyList_New(0);
    hidden = PyList_New(0);
    if (seen == NULL || visible == NULL || hidden == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < count; i++) {
        PreparedRun *r = &pr[i];
        PyObject *twins = PyDict_GetItemWithError(seen, r->key);
        if (twins == NULL && PyErr_Occurred())
            goto done;
        PyObject *index = PyLong_FromSsize_t(i);
        if (index == NULL)
            goto done;
        int duplicate = 0;
        if (twins == NULL) {
            PyObject *fresh = PyList_New(1);
            if (fresh == NULL) {
                Py_DECREF(index);
                goto done;
            }
            PyList_SET_ITEM(fresh, 0, Py_NewRef(index));
            int failed = PyDict_SetItem(seen, r->key, fresh) < 0;
            Py_DECREF(fresh);
            if (failed) {
                Py_DECREF(index);
                goto done;
            }
        } else {
            double limit = offset * (1.0 > r->size ? 1.0 : r->size); /* max(size, 1.0) */
            for (Py_ssize_t k = 0; k < PyList_GET_SIZE(twins) && !duplicate; k++) {
                const PreparedRun *t = &pr[PyLong_AsSsize_t(PyList_GET_ITEM(twins, k))];
                if (fabs(t->x0 - r->x0) < limit && fabs(t->top - r->top) < limit) {
                    duplicate = PyObject_RichCompareBool(t->hidden, r->hidden, Py_EQ);
                    if (duplicate < 0) {
                        Py_DECREF(index);
                        goto done;
                    }
                }
            }
            if (!duplicate && PyList_Append(twins, index) < 0) {
                Py_DECREF(index);
                goto done;
            }
        }
        Py_DECREF(index);
        if (!duplicate &&
            PyList_Append(r->hidden == Py_None ? visible : hidden, r->run) < 0)
            goto done;
    }
    result = PyTuple_Pack(2, visible, hidden);
done:
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_XDECREF(pr[i].key);
        Py_XDECREF(pr[i].hidden);
    }
    PyMem_Free(pr);
    Py_XDECREF(seen);
    Py_XDECREF(visible);
    Py_XDECREF(hidden);
    return result;
}

/* round2 on its own, for tests. */
static PyObject *round_two(PyObject *self, PyObject *args) {
    PyObject *value, *round_fn;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!O", &PyFloat_Type, &value, &round_fn))
        return NULL;
    if (!PyFloat_CheckExact(value))
        return PyObject_CallFunction(round_fn, "Oi", value, 2);
    return round2(value, round_fn);
}

/* ---- Column finder: _columns._best_split ---------------------------------------------- */

/* column_split does _best_split's work on the segments' values, with the same arithmetic in
 * the same order. It takes only finite floats and small ints, so every sort of values has
 * one answer (the (top, x0) order is a stable merge sort, as sorted() is stable), min() and
 * max() keep the first of equal values, and the one sum of floats (_rows_height) adds as
 * this Python's sum() does: left to right, compensated since 3.12. Python keeps the best
 * region of each gutter, then the best gutter, each time only a strictly higher score: one
 * running best over all (gutter, region) pairs in order picks the same one. Divided segments
 * are built only for the split returned. */

#include <structmember.h>

/* Ints up to this size are added, subtracted and compared exactly as doubles, as Python
 * does with them; larger ones are left to Python. */
#define COLUMN_SMALL_INT (1LL << 31)

/* A coordinate as the column finder reads it: 1 for a finite float or a small int, 0 for
 * anything else (the Python path then decides: a NaN or an infinity included). */
static int plain_number(PyObject *value, double *out) {
    if (value == NULL)
        return 0;
    if (PyFloat_CheckExact(value)) {
        *out = PyFloat_AS_DOUBLE(value);
        return isfinite(*out);
    }
    if (!PyLong_CheckExact(value))
        return 0;
    int overflow = 0;
    long long whole = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow || whole > COLUMN_SMALL_INT || whole < -COLUMN_SMALL_INT)
        return 0;
    *out = (double)whole;
    return 1;
}

/* A segment's or run's coordinate: plain_number, but floats only since Python 3.12, whose
 * sum() adds an int among floats without the compensation it gives floats. */
static int coordinate(PyObject *value, double *out) {
#if PY_VERSION_HEX >= 0x030C0000
    if (value == NULL || !PyFloat_CheckExact(value))
        return 0;
#endif
    return plain_number(value, out);
}

/* A slot's value read at its offset (borrowed; NULL when unset). */
static PyObject *slot_value(PyObject *obj, Py_ssize_t offset) {
    return *(PyObject **)((char *)obj + offset);
}

/* The offsets of a slots type's fields from their member descriptors; 0 when one is not a
 * plain object slot of that very type. */
static int slot_offsets(PyObject *type, PyObject *descriptors, Py_ssize_t *offsets,
                        Py_ssize_t n) {
    if (!PyType_Check(type) || !PyTuple_Check(descriptors) || PyTuple_GET_SIZE(descriptors) != n)
        return 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *d = PyTuple_GET_ITEM(descriptors, k);
        if (!Py_IS_TYPE(d, &PyMemberDescr_Type))
            return 0;
        PyMemberDescrObject *member = (PyMemberDescrObject *)d;
        if (member->d_common.d_type != (PyTypeObject *)type ||
            member->d_member->type != T_OBJECT_EX || (member->d_member->flags & READONLY))
            return 0;
        offsets[k] = member->d_member->offset;
    }
    return 1;
}

/* A segment as the column finder reads it; its runs are read on first need. */
typedef struct {
    PyObject *segment, *runs; /* borrowed */
    long long row, chars;
    double x0, x1, top, bottom, size;
    RowRun *rr; /* NULL until read */
} ColSegment;

/* A segment of a region: the whole input segment, or its left or right part at a gutter. */
enum { WHOLE, LEFT_PART, RIGHT_PART };
typedef struct {
    Py_ssize_t seg;
    int kind;
    long long row, chars;
    double x0, x1, top, bottom, size;
} Part;

/* Rows seen, in the order first seen: open addressing over slots, keys in order. */
typedef struct {
    long long *keys;
    Py_ssize_t *slots;
    size_t mask;
    Py_ssize_t count;
} RowMap;

typedef struct {
    PyObject *type, *setters, *run_type;
    Py_ssize_t seg_off[8], run_off[6];
    double align, region_share, side_chars, density, side_extent, left_width, right_width,
        indent, lockstep, prose_chars;
    Py_ssize_t min_lines;
    ColSegment *segs;
    Py_ssize_t n;
    RowMap maps[2];
    double *spans;       /* 2 per row of a side */
    double *values;      /* median scratch */
    long long *counts;   /* median scratch, cells per row */
} Columns;

static void map_clear(RowMap *m, Py_ssize_t expected) {
    size_t room = 8;
    while (room < 2 * (size_t)expected)
        room <<= 1;
    m->mask = room - 1;
    memset(m->slots, 0xff, room * sizeof(Py_ssize_t));
    m->count = 0;
}

/* The key's index in first-seen order, added when add (else -1 when absent). */
static Py_ssize_t map_index(RowMap *m, long long key, int add, int *fresh) {
    size_t h = (size_t)(((unsigned long long)key * 0x9E3779B97F4A7C15ULL) >> 17) & m->mask;
    *fresh = 0;
    while (m->slots[h] >= 0) {
        if (m->keys[m->slots[h]] == key)
            return m->slots[h];
        h = (h + 1) & m->mask;
    }
    if (!add)
        return -1;
    m->keys[m->count] = key;
    m->slots[h] = m->count;
    *fresh = 1;
    return m->count++;
}

/* len({s.row for s in side}) */
static Py_ssize_t distinct_rows(Columns *c, Part **side, Py_ssize_t n) {
    int fresh;
    map_clear(&c->maps[0], n);
    for (Py_ssize_t i = 0; i < n; i++)
        map_index(&c->maps[0], side[i]->row, 1, &fresh);
    return c->maps[0].count;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int compare_longs(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* statistics.median of the sides' chars (ints: the middle one, or the two middle ones'
 * mean, exact here as the sums are small). */
static double median_chars(Columns *c, Part **side, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++)
        c->counts[i] = side[i]->chars;
    qsort(c->counts, (size_t)n, sizeof(long long), compare_longs);
    if (n % 2 == 1)
        return (double)c->counts[n / 2];
    return (double)(c->counts[n / 2 - 1] + c->counts[n / 2]) / 2;
}

/* min() and max() of a field over a side's parts: the first of equal values, as Python keeps. */
#define SIDE_MIN(side, n, field, out)                                                        \
    do {                                                                                     \
        out = side[0]->field;                                                                \
        for (Py_ssize_t i_ = 1; i_ < n; i_++)                                                \
            out = side[i_]->field < out ? side[i_]->field : out;                             \
    } while (0)
#define SIDE_MAX(side, n, field, out)                                                        \
    do {                                                                                     \
        out = side[0]->field;                                                                \
        for (Py_ssize_t i_ = 1; i_ < n; i_++)                                                \
            out = side[i_]->field > out ? side[i_]->field : out;                             \
    } while (0)

/* _rows_height: the rows' spans summed in the order the rows first appear. */
static double rows_height(Columns *c, Part **side, Py_ssize_t n) {
    RowMap *m = &c->maps[0];
    int fresh;
    map_clear(m, n);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t k = map_index(m, side[i]->row, 1, &fresh);
        double *span = &c->spans[2 * k];
        if (fresh) {
            span[0] = side[i]->top;
            span[1] = side[i]->bottom;
        } else {
            span[0] = py_min(span[0], side[i]->top);
            span[1] = py_max(span[1], side[i]->bottom);
        }
    }
    double total = 0.0;
#if PY_VERSION_HEX >= 0x030C0000
    /* sum() of floats since Python 3.12: Neumaier's compensated sum */
    double compensation = 0.0;
    for (Py_ssize_t k = 0; k < m->count; k++) {
        double x = c->spans[2 * k + 1] - c->spans[2 * k];
        if (k == 0) {
            total = 0.0 + x;
            continue;
        }
        double t = total + x;
        if (fabs(total) >= fabs(x))
            compensation += (total - t) + x;
        else
            compensation += (x - t) + total;
        total = t;
    }
    if (compensation != 0.0 && isfinite(compensation))
        total += compensation;
#else
    for (Py_ssize_t k = 0; k < m->count; k++)
        total += c->spans[2 * k + 1] - c->spans[2 * k];
#endif
    return total;
}

/* _annotation_like */
static int annotation_like(Columns *c, Part **side, Py_ssize_t n) {
    double right;
    SIDE_MAX(side, n, x1, right);
    Py_ssize_t flush = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        flush += side[i]->x1 >= right - c->align;
    return median_chars(c, side, n) < 20 && flush >= 0.7 * (double)n;
}

/* _grid_like */
static int grid_like(Columns *c, Part **lside, Py_ssize_t nl, Part **rside, Py_ssize_t nr) {
    RowMap *m = &c->maps[0], *other = &c->maps[1];
    int fresh;
    map_clear(m, nr);
    for (Py_ssize_t i = 0; i < nr; i++) {
        Py_ssize_t k = map_index(m, rside[i]->row, 1, &fresh);
        c->counts[k] = fresh ? 1 : c->counts[k] + 1;
    }
    Py_ssize_t several = 0;
    for (Py_ssize_t k = 0; k < m->count; k++)
        several += c->counts[k] > 1;
    if ((double)several >= 0.5 * (double)m->count)
        return 1;
    double ltop, rtop, lbottom, rbottom;
    SIDE_MIN(lside, nl, top, ltop);
    SIDE_MIN(rside, nr, top, rtop);
    SIDE_MAX(lside, nl, bottom, lbottom);
    SIDE_MAX(rside, nr, bottom, rbottom);
    double top = py_max(ltop, rtop), bottom = py_min(lbottom, rbottom);
    map_clear(m, nl);
    for (Py_ssize_t i = 0; i < nl; i++)
        if (lside[i]->bottom >= top && lside[i]->top <= bottom)
            map_index(m, lside[i]->row, 1, &fresh);
    map_clear(other, nr);
    for (Py_ssize_t i = 0; i < nr; i++)
        if (rside[i]->bottom >= top && rside[i]->top <= bottom)
            map_index(other, rside[i]->row, 1, &fresh);
    if (m->count == 0 || other->count == 0)
        return 0;
    Py_ssize_t shared = 0;
    for (Py_ssize_t k = 0; k < other->count; k++)
        shared += map_index(m, other->keys[k], 0, &fresh) >= 0;
    double lshare = (double)shared / (double)m->count;
    double rshare = (double)shared / (double)other->count;
    if (py_min(lshare, rshare) < c->lockstep)
        return 0;
    double prose = py_max(median_chars(c, lside, nl), median_chars(c, rside, nr));
    return prose < c->prose_chars;
}

/* _acceptable */
static int acceptable(Columns *c, Part *region, Py_ssize_t m, Part **lside, Py_ssize_t nl,
                      Part **rside, Py_ssize_t nr, double gutter, double text_height,
                      double width) {
    if (distinct_rows(c, lside, nl) < c->min_lines || distinct_rows(c, rside, nr) < c->min_lines)
        return 0;
    double high = region[0].bottom, low = region[0].top;
    for (Py_ssize_t i = 1; i < m; i++) {
        high = region[i].bottom > high ? region[i].bottom : high;
        low = region[i].top < low ? region[i].top : low;
    }
    double region_height = high - low;
    if (region_height < c->region_share * text_height || region_height <= 0)
        return 0;
    long long lchars = 0, rchars = 0;
    for (Py_ssize_t i = 0; i < nl; i++)
        lchars += lside[i]->chars;
    for (Py_ssize_t i = 0; i < nr; i++)
        rchars += rside[i]->chars;
    if ((double)(lchars < rchars ? lchars : rchars) < c->side_chars * (double)(lchars + rchars))
        return 0;
    double edge;
    SIDE_MIN(lside, nl, x0, edge);
    if (gutter - edge < c->left_width * width)
        return 0;
    SIDE_MAX(rside, nr, x1, edge);
    if (edge - gutter < c->right_width * width)
        return 0;
    for (int k = 0; k < 2; k++) {
        Part **side = k == 0 ? lside : rside;
        Py_ssize_t n = k == 0 ? nl : nr;
        double bottom, top;
        SIDE_MAX(side, n, bottom, bottom);
        SIDE_MIN(side, n, top, top);
        double extent = bottom - top;
        if (extent < c->side_extent * region_height)
            return 0;
        if (rows_height(c, side, n) < c->density * extent || annotation_like(c, side, n))
            return 0;
    }
    Py_ssize_t aligned = 0;
    for (Py_ssize_t i = 0; i < nr; i++)
        aligned += rside[i]->x0 <= gutter + c->align + c->indent * rside[i]->size;
    if ((double)aligned < 0.5 * (double)nr)
        return 0;
    return !grid_like(c, lside, nl, rside, nr);
}

/* Read a segment's runs (once): 1, or 0 when one is not a TextRun of plain values. */
static int load_runs(Columns *c, ColSegment *s) {
    if (s->rr != NULL)
        return 1;
    Py_ssize_t n = PyList_GET_SIZE(s->runs);
    RowRun *rr = PyMem_Calloc((size_t)n + 1, sizeof(RowRun));
    if (rr == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        RowRun *r = &rr[i];
        r->run = PyList_GET_ITEM(s->runs, i);
        if (!Py_IS_TYPE(r->run, (PyTypeObject *)c->run_type))
            goto unusual;
        PyObject *text = slot_value(r->run, c->run_off[0]);
        if (text == NULL || !PyUnicode_CheckExact(text))
            goto unusual;
        r->chars = PyUnicode_GET_LENGTH(text);
        PyObject **objects[5] = {&r->x0, &r->x1, &r->top, &r->bottom, &r->size};
        double *values[5] = {&r->vx0, &r->vx1, &r->vtop, &r->vbottom, &r->vsize};
        for (int k = 0; k < 5; k++) {
            *objects[k] = slot_value(r->run, c->run_off[k + 1]);
            if (!coordinate(*objects[k], values[k]))
                goto unusual;
        }
    }
    s->rr = rr;
    return 1;
unusual:
    PyMem_Free(rr);
    return 0;
}

/* Does run r go to the left (side 1) or right part at the gutter? */
static int on_side(const RowRun *r, int side, double left_of, double right_of) {
    return side == LEFT_PART ? r->vx1 <= left_of : r->vx0 >= right_of;
}

/* The fields Segment(runs on that side, row) computes, as Segment.__init__ does. */
static void part_of(const ColSegment *s, Py_ssize_t seg, int side, double left_of,
                    double right_of, Part *p) {
    Py_ssize_t n = PyList_GET_SIZE(s->runs);
    int first = 1;
    p->seg = seg;
    p->kind = side;
    p->row = s->row;
    for (Py_ssize_t i = 0; i < n; i++) {
        const RowRun *r = &s->rr[i];
        if (!on_side(r, side, left_of, right_of))
            continue;
        if (first) {
            p->x0 = r->vx0, p->x1 = r->vx1, p->top = r->vtop, p->bottom = r->vbottom;
            p->size = r->vsize, p->chars = r->chars;
            first = 0;
            continue;
        }
        p->x0 = r->vx0 < p->x0 ? r->vx0 : p->x0;
        p->x1 = r->vx1 > p->x1 ? r->vx1 : p->x1;
        p->top = r->vtop < p->top ? r->vtop : p->top;
        p->bottom = r->vbottom > p->bottom ? r->vbottom : p->bottom;
        p->size = r->vsize > p->size ? r->vsize : p->size;
        p->chars += r->chars;
    }
}

static void whole_part(const ColSegment *s, Py_ssize_t seg, Part *p) {
    p->seg = seg;
    p->kind = WHOLE;
    p->row = s->row, p->chars = s->chars;
    p->x0 = s->x0, p->x1 = s->x1, p->top = s->top, p->bottom = s->bottom, p->size = s->size;
}

/* _divide: the number of parts written to out (0: a run crosses the gutter), or -1 on
 * error, -2 when a run is unusual (Python decides). */
static int divide(Columns *c, Py_ssize_t seg, double left_of, double right_of, Part *out) {
    ColSegment *s = &c->segs[seg];
    int loaded = load_runs(c, s);
    if (loaded <= 0)
        return loaded < 0 ? -1 : -2;
    Py_ssize_t n = PyList_GET_SIZE(s->runs), lefts = 0, rights = 0;
    if (n == 1) {
        int on_left = s->rr[0].vx1 <= left_of, on_right = s->rr[0].vx0 >= right_of;
        if (on_left != on_right) {
            whole_part(s, seg, out);
            return 1;
        }
        if (!on_left)
            return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        lefts += on_side(&s->rr[i], LEFT_PART, left_of, right_of);
        rights += on_side(&s->rr[i], RIGHT_PART, left_of, right_of);
    }
    if (lefts + rights < n)
        return 0;
    if (lefts == 0 || rights == 0) {
        whole_part(s, seg, out);
        return 1;
    }
    part_of(s, seg, LEFT_PART, left_of, right_of, &out[0]);
    part_of(s, seg, RIGHT_PART, left_of, right_of, &out[1]);
    return 2;
}

/* The best split found so far. */
typedef struct {
    int found;
    double score, left_of, right_of;
    Py_ssize_t first, last, nl, nr, m;
    Part *parts;          /* the region's parts */
    Py_ssize_t *lpick, *rpick; /* indices into parts */
} BestSplit;

/* A stable merge sort of the segment indices by (top, x0), as sorted() orders them (finite
 * values: the tuples compare as their numbers). */
static int top_left_before(const ColSegment *a, const ColSegment *b) {
    if (a->top != b->top)
        return a->top < b->top;
    return a->x0 < b->x0;
}

static void sort_top_left(const ColSegment *segs, Py_ssize_t *order, Py_ssize_t *spare,
                          Py_ssize_t n) {
    for (Py_ssize_t width = 1; width < n; width *= 2) {
        for (Py_ssize_t lo = 0; lo < n; lo += 2 * width) {
            Py_ssize_t mid = lo + width < n ? lo + width : n;
            Py_ssize_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            Py_ssize_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                spare[k++] = top_left_before(&segs[order[j]], &segs[order[i]]) ? order[j++]
                                                                                 : order[i++];
            while (i < mid)
                spare[k++] = order[i++];
            while (j < hi)
                spare[k++] = order[j++];
        }
        memcpy(order, spare, (size_t)n * sizeof(Py_ssize_t));
    }
}

/* Score one region (parts[0:m], ordered[first..last]) and keep it when it beats the best. */
static void consider(Columns *c, Part *parts, Py_ssize_t m, Py_ssize_t first, Py_ssize_t last,
                     double gutter, double left_of, double right_of, double text_height,
                     double width, Part **lside, Part **rside, BestSplit *best) {
    Py_ssize_t nl = 0, nr = 0;
    long long lchars = 0, rchars = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        if (parts[i].x1 <= left_of) {
            lside[nl++] = &parts[i];
            lchars += parts[i].chars;
        }
        if (parts[i].x0 >= right_of) {
            rside[nr++] = &parts[i];
            rchars += parts[i].chars;
        }
    }
    if (nl < c->min_lines || nr < c->min_lines)
        return;
    double score = (double)(lchars < rchars ? lchars : rchars);
    if (score <= 0 || (best->found && score <= best->score))
        return;
    if (!acceptable(c, parts, m, lside, nl, rside, nr, gutter, text_height, width))
        return;
    best->found = 1;
    best->score = score;
    best->left_of = left_of;
    best->right_of = right_of;
    best->first = first;
    best->last = last;
    best->m = m;
    best->nl = nl;
    best->nr = nr;
    memcpy(best->parts, parts, (size_t)m * sizeof(Part));
    for (Py_ssize_t i = 0; i < nl; i++)
        best->lpick[i] = lside[i] - parts;
    for (Py_ssize_t i = 0; i < nr; i++)
        best->rpick[i] = rside[i] - parts;
}

/* The Python object of a chosen part: the segment itself, or a new Segment of its runs on
 * that side (cached in objects, so a part on both sides is one object, as in Python). */
static PyObject *part_object(Columns *c, BestSplit *best, Py_ssize_t k, PyObject **objects,
                             RowRun **picked) {
    if (objects[k] != NULL)
        return Py_NewRef(objects[k]);
    const Part *p = &best->parts[k];
    const ColSegment *s = &c->segs[p->seg];
    if (p->kind == WHOLE) {
        objects[k] = Py_NewRef(s->segment);
    } else {
        Py_ssize_t count = 0;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(s->runs); i++)
            if (on_side(&s->rr[i], p->kind, best->left_of, best->right_of))
                picked[count++] = &s->rr[i];
        objects[k] = make_segment(c->type, c->setters, picked, 0, count, (Py_ssize_t)s->row,
                                  NULL);
        if (objects[k] == NULL)
            return NULL;
    }
    return Py_NewRef(objects[k]);
}

static PyObject *segment_list(Columns *c, const Py_ssize_t *order, Py_ssize_t a, Py_ssize_t b) {
    PyObject *list = PyList_New(b > a ? b - a : 0);
    for (Py_ssize_t i = a; list != NULL && i < b; i++)
        PyList_SET_ITEM(list, i - a, Py_NewRef(c->segs[order[i]].segment));
    return list;
}

static PyObject *part_list(Columns *c, BestSplit *best, const Py_ssize_t *pick, Py_ssize_t n,
                           PyObject **objects, RowRun **picked) {
    PyObject *list = PyList_New(n);
    for (Py_ssize_t i = 0; list != NULL && i < n; i++) {
        PyObject *item = part_object(c, best, pick[i], objects, picked);
        if (item == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, i, item);
    }
    return list;
}

/* Read the segments: 1, or 0 when one is unusual (not a Segment of plain values). */
static int read_segments(Columns *c, PyObject *segments) {
    for (Py_ssize_t i = 0; i < c->n; i++) {
        ColSegment *s = &c->segs[i];
        s->segment = PyList_GET_ITEM(segments, i);
        if (!Py_IS_TYPE(s->segment, (PyTypeObject *)c->type))
            return 0;
        s->runs = slot_value(s->segment, c->seg_off[0]);
        if (s->runs == NULL || !PyList_CheckExact(s->runs))
            return 0;
        PyObject *row = slot_value(s->segment, c->seg_off[1]);
        PyObject *chars = slot_value(s->segment, c->seg_off[7]);
        double count;
        if (row == NULL || !PyLong_CheckExact(row) || !plain_number(chars, &count) ||
            !PyLong_CheckExact(chars))
            return 0;
        int overflow = 0;
        s->row = PyLong_AsLongLongAndOverflow(row, &overflow);
        if (overflow)
            return 0;
        s->chars = (long long)count;
        double *values[5] = {&s->x0, &s->x1, &s->top, &s->bottom, &s->size};
        for (int k = 0; k < 5; k++)
            if (!coordinate(slot_value(s->segment, c->seg_off[k + 2]), values[k]))
                return 0;
    }
    return 1;
}

/* Fill best (order: the segments top to bottom); 1 when done, 0 when a run is unusual, -1
 * on error. */
static int find_split(Columns *c, const Py_ssize_t *order, Part *parts, Part **lside,
                      Part **rside, BestSplit *best) {
    Py_ssize_t n = c->n;
    ColSegment *segs = c->segs;
    double left = segs[0].x0, high = segs[0].x1, top = segs[0].top, bottom = segs[0].bottom;
    for (Py_ssize_t i = 1; i < n; i++) {
        left = segs[i].x0 < left ? segs[i].x0 : left;
        high = segs[i].x1 > high ? segs[i].x1 : high;
        top = segs[i].top < top ? segs[i].top : top;
        bottom = segs[i].bottom > bottom ? segs[i].bottom : bottom;
    }
    double width = high - left, text_height = bottom - top;
    if (width <= 0 || text_height <= 0)
        return 1;
    /* _candidates: the first edge of each cluster of left edges */
    double *edges = c->values;
    for (Py_ssize_t i = 0; i < n; i++)
        edges[i] = segs[i].x0;
    qsort(edges, (size_t)n, sizeof(double), compare_doubles);
    double lo = left + c->left_width * width, hi = left + (1 - c->right_width) * width;
    Py_ssize_t ncandidates = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_ssize_t j = i + 1;
        while (j < n && edges[j] - edges[j - 1] <= c->align)
            j++;
        if (j - i >= c->min_lines && lo <= edges[i] && edges[i] <= hi)
            edges[ncandidates++] = edges[i]; /* behind i: a slot already read */
        i = j;
    }
    if (ncandidates == 0)
        return 1;
    double *gutters = PyMem_Malloc((size_t)ncandidates * sizeof(double));
    if (gutters == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(gutters, edges, (size_t)ncandidates * sizeof(double));
    /* gap = 0.8 * median(s.size for s in segments) */
    double *sizes = c->values;
    for (Py_ssize_t i = 0; i < n; i++)
        sizes[i] = segs[i].size;
    qsort(sizes, (size_t)n, sizeof(double), compare_doubles);
    double middle = n % 2 == 1 ? sizes[n / 2] : (sizes[n / 2 - 1] + sizes[n / 2]) / 2;
    double gap = 0.8 * middle;
    int status = 1;
    for (Py_ssize_t g = 0; g < ncandidates && status == 1; g++) {
        double gutter = gutters[g];
        double left_of = gutter - gap, right_of = gutter - c->align;
        Py_ssize_t lefts = 0, rights = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            lefts += segs[i].x0 < left_of;
            rights += segs[i].x1 > right_of;
        }
        if ((lefts < rights ? lefts : rights) < c->min_lines)
            continue;
        Py_ssize_t m = 0, start = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            const ColSegment *s = &segs[order[k]];
            if (PyList_GET_SIZE(s->runs) == 1 && (s->x1 <= left_of) != (s->x0 >= right_of)) {
                whole_part(s, order[k], &parts[m++]);
                continue;
            }
            int made = divide(c, order[k], left_of, right_of, &parts[m]);
            if (made < 0) {
                status = made == -1 ? -1 : 0;
                break;
            }
            m += made;
            if (made == 0) {
                if (m > 0)
                    consider(c, parts, m, start, k - 1, gutter, left_of, right_of, text_height,
                             width, lside, rside, best);
                m = 0;
                start = k + 1;
            }
        }
        if (status == 1 && m > 0)
            consider(c, parts, m, start, n - 1, gutter, left_of, right_of, text_height, width,
                     lside, rside, best);
    }
    PyMem_Free(gutters);
    return status;
}

/* _columns._best_split(segments): (score, header, left, right, footer); when there is no
 * split, the segments top to bottom (split_columns' one zone); None when a segment or run is
 * unusual (not a Segment or TextRun of finite
 * floats and small ints: the Python path then decides). context is (Segment, its eight
 * field descriptors from runs to chars, TextRun, its descriptors of text, x0, x1, top, bottom
 * and size, and the constants ALIGN_TOLERANCE, MIN_COLUMN_LINES, MIN_REGION_SHARE,
 * MIN_SIDE_CHARS, MIN_DENSITY, MIN_SIDE_EXTENT, MIN_LEFT_WIDTH, MIN_RIGHT_WIDTH, INDENT,
 * LOCKSTEP and PROSE_CHARS). */
static PyObject *column_split(PyObject *self, PyObject *args) {
    PyObject *segments, *run_fields;
    Columns c;
    (void)self;
    memset(&c, 0, sizeof(c));
    if (!PyArg_ParseTuple(args, "O!(OO!OO!(dnddddddddd))", &PyList_Type, &segments, &c.type,
                          &PyTuple_Type, &c.setters, &c.run_type, &PyTuple_Type, &run_fields,
                          &c.align, &c.min_lines, &c.region_share, &c.side_chars, &c.density,
                          &c.side_extent, &c.left_width, &c.right_width, &c.indent,
                          &c.lockstep, &c.prose_chars))
        return NULL;
    if (!slot_offsets(c.type, c.setters, c.seg_off, 8) ||
        !slot_offsets(c.run_type, run_fields, c.run_off, 6)) {
        PyErr_SetString(PyExc_ValueError, "column_split needs Segment, TextRun and their slots");
        return NULL;
    }
    c.n = PyList_GET_SIZE(segments);
    if (c.n > (PY_SSIZE_T_MAX / 64) / (Py_ssize_t)sizeof(Part) || c.n > (1 << 20))
        Py_RETURN_NONE; /* chars summed in a long long stay exact below this */
    size_t n = (size_t)c.n, parts_room = 2 * n + 2, slots_room = 8;
    while (slots_room < 2 * parts_room)
        slots_room <<= 1;
    c.segs = PyMem_Calloc(n, sizeof(ColSegment));
    Py_ssize_t *order = PyMem_Calloc(n, sizeof(Py_ssize_t));
    Py_ssize_t *spare = PyMem_Calloc(n, sizeof(Py_ssize_t));
    Part *parts = PyMem_Calloc(parts_room, sizeof(Part));
    Part **sides = PyMem_Calloc(2 * parts_room, sizeof(Part *));
    BestSplit best;
    memset(&best, 0, sizeof(best));
    best.parts = PyMem_Calloc(parts_room, sizeof(Part));
    best.lpick = PyMem_Calloc(2 * parts_room, sizeof(Py_ssize_t));
    best.rpick = best.lpick == NULL ? NULL : best.lpick + parts_room;
    c.spans = PyMem_Calloc(2 * parts_room, sizeof(double));
    c.values = PyMem_Calloc(parts_room, sizeof(double));
    c.counts = PyMem_Calloc(parts_room, sizeof(long long));
    for (int k = 0; k < 2; k++) {
        c.maps[k].keys = PyMem_Calloc(parts_room, sizeof(long long));
        c.maps[k].slots = PyMem_Calloc(slots_room, sizeof(Py_ssize_t));
    }
    PyObject *result = NULL, **objects = NULL;
    RowRun **picked = NULL;
    if (c.segs == NULL || order == NULL || spare == NULL || parts == NULL || sides == NULL ||
        best.parts == NULL || best.lpick == NULL || c.spans == NULL || c.values == NULL ||
        c.counts == NULL || c.maps[0].keys == NULL || c.maps[0].slots == NULL ||
        c.maps[1].keys == NULL || c.maps[1].slots == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (!read_segments(&c, segments)) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    for (Py_ssize_t i = 0; i < c.n; i++)
        order[i] = i;
    sort_top_left(c.segs, order, spare, c.n);
    int status = c.n < 2 * c.min_lines
                     ? 1
                     : find_split(&c, order, parts, sides, sides + parts_room, &best);
    if (status < 0)
        goto done;
    if (status == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (!best.found) {
        result = segment_list(&c, order, 0, c.n);
        goto done;
    }
    Py_ssize_t most = 1;
    for (Py_ssize_t k = 0; k < best.m; k++) {
        Py_ssize_t runs = PyList_GET_SIZE(c.segs[best.parts[k].seg].runs);
        most = runs > most ? runs : most;
    }
    objects = PyMem_Calloc((size_t)best.m + 1, sizeof(PyObject *));
    picked = PyMem_Calloc((size_t)most, sizeof(RowRun *));
    if (objects == NULL || picked == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *header = segment_list(&c, order, 0, best.first);
    PyObject *lpart = header ? part_list(&c, &best, best.lpick, best.nl, objects, picked) : NULL;
    PyObject *rpart = lpart ? part_list(&c, &best, best.rpick, best.nr, objects, picked) : NULL;
    PyObject *footer = rpart ? segment_list(&c, order, best.last + 1, c.n) : NULL;
    if (footer != NULL)
        result = Py_BuildValue("(dNNNN)", best.score, header, lpart, rpart, footer);
    else {
        Py_XDECREF(header);
        Py_XDECREF(lpart);
        Py_XDECREF(rpart);
    }
done:
    for (Py_ssize_t k = 0; objects != NULL && k < best.m; k++)
        Py_XDECREF(objects[k]);
    PyMem_Free(objects);
    PyMem_Free(picked);
    for (Py_ssize_t i = 0; c.segs != NULL && i < c.n; i++)
        PyMem_Free(c.segs[i].rr);
    PyMem_Free(c.segs);
    PyMem_Free(order);
    PyMem_Free(spare);
    PyMem_Free(parts);
    PyMem_Free(sides);
    PyMem_Free(best.parts);
    PyMem_Free(best.lpick);
    PyMem_Free(c.spans);
    PyMem_Free(c.values);
    PyMem_Free(c.counts);
    for (int k = 0; k < 2; k++) {
        PyMem_Free(c.maps[k].keys);
        PyMem_Free(c.maps[k].slots);
    }
    return result;
}

static PyMethodDef methods[] = {
    {"page_text", page_text, METH_VARARGS, "The page's text, one index per UTF-16 unit."},
    {"text_marks", text_marks, METH_O,
     "1 when the text has a hyphen mark, soft hyphen or surrogate; plus 2 for a surrogate."},
    {"object_runs", object_runs, METH_VARARGS, "Cut a line into runs of one object each."},
    {"font_facts", font_facts, METH_VARARGS, "A font's base name, weight and flags."},
    {"fast_lines", fast_lines, METH_VARARGS, "Finish the plain lines of a page as runs."},
    {"touches", touches, METH_VARARGS, "Does a box come within a point of any listed box?"},
    {"split_wide", split_wide, METH_VARARGS, "Cut a line at gutter-wide spaces."},
    {"summarize", summarize, METH_VARARGS, "Summarise the walk's text objects."},
    {"special_objects", special_objects, METH_VARARGS, "Find the text objects to cut apart."},
    {"object_boxes", object_boxes, METH_VARARGS, "Measure page objects' display boxes."},
    {"respace", respace, METH_VARARGS, "Find where spaces between text objects were missed."},
    {"bind", bind, METH_VARARGS, "Take the addresses of the pdfium functions used."},
    {"walk", walk, METH_VARARGS, "Walk a page's objects as PdfiumPage._walk does."},
    {"classify_runs", classify_runs, METH_VARARGS, "Set hidden on a page's runs."},
    {"line_block", line_block, METH_VARARGS, "Build the RawBlock of a line's runs."},
    {"zone_blocks", zone_blocks, METH_VARARGS, "Build the blocks of a page's zones."},
    {"prepare_runs", prepare_runs, METH_VARARGS, "Clean a page's runs and drop fake bold."},
    {"segments", segments, METH_VARARGS, "Cut a page's runs into rows and segments."},
    {"line_bounds", line_bounds, METH_VARARGS, "Find the lines of a page's text."},
    {"round_two", round_two, METH_VARARGS, "round(x, 2) as line_block computes it."},
    {"column_split", column_split, METH_VARARGS, "Find a page's best column gutter."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Optional accelerator for the pdfium engine.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    PyObject **names[] = {&s_text,     &s_x0,     &s_top,    &s_x1,     &s_bottom,
                          &s_size,     &s_bold,   &s_render_mode,       &s_fill,
                          &s_alpha,    &s_order,  &s_hidden, &s_replaced,
                          &s_segments, &s_column, &s_runs,   &s_row,    &s_font_size};
    const char *spelled[] = {"text",   "x0",     "top",    "x1",   "bottom",    "size",
                             "bold",   "render_mode",      "fill", "alpha",     "order",
                             "hidden", "replaced", "segments", "column", "runs", "row",
                             "font_size"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (*names[i] == NULL && (*names[i] = PyUnicode_InternFromString(spelled[i])) == NULL)
            return NULL;
    }
    return PyModule_Create(&module);
}
