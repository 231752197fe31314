/* Optional accelerator of models/_trusted.trusted_model: the same four slot writes, made in C
 * (about half the time per model; loading and extraction each build hundreds of models per
 * document). Loaded by _trusted.model_builder(); tests/test_models_native.py holds its models
 * equal, frozen and serialising as trusted_model's. One difference no output shows: the
 * shared field set is not tracked by the garbage collector (see fields_of).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The four slots every pydantic model instance holds, as BaseModel's descriptors: __dict__,
 * __pydantic_fields_set__, __pydantic_extra__, __pydantic_private__. Set once by
 * bind_model_slots(); the same descriptors for the life of the process. */
static PyObject *model_slots[4];

static PyObject *bind_model_slots(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *slots[4];
    if (!PyArg_ParseTuple(args, "(OOOO):bind_model_slots", &slots[0], &slots[1], &slots[2],
                          &slots[3]))
        return NULL;
    for (int i = 0; i < 4; i++) {
        if (Py_TYPE(slots[i])->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "a model slot is not a data descriptor");
            return NULL;
        }
    }
    for (int i = 0; i < 4; i++) {
        Py_INCREF(slots[i]);
        Py_XSETREF(model_slots[i], slots[i]);
    }
    Py_RETURN_NONE;
}

/* set(cls.model_fields) per model class, made on first use and shared by every model of the
 * class this module builds, as trusted_model's sets are (see _trusted._fields_set: pydantic
 * never changes the set of a frozen model, and copies it before a model_copy update). It holds
 * field names only and is never part of a cycle, so the collector does not track it. */
static PyObject *field_sets = NULL;

static PyObject *fields_of(PyTypeObject *cls) {
    if (field_sets == NULL && (field_sets = PyDict_New()) == NULL)
        return NULL;
    PyObject *names = PyDict_GetItemWithError(field_sets, (PyObject *)cls);
    if (names != NULL || PyErr_Occurred())
        return names;
    PyObject *config = PyObject_GetAttrString((PyObject *)cls, "model_config");
    if (config == NULL)
        return NULL;
    PyObject *frozen = PyDict_Check(config) ? PyDict_GetItemString(config, "frozen") : NULL;
    int is_frozen = frozen != NULL && PyObject_IsTrue(frozen) == 1;
    Py_DECREF(config);
    if (!is_frozen) {
        PyErr_Format(PyExc_TypeError, "new_model builds frozen models only, not %s",
                     cls->tp_name);
        return NULL;
    }
    PyObject *fields = PyObject_GetAttrString((PyObject *)cls, "model_fields");
    if (fields == NULL)
        return NULL;
    names = PySet_New(fields);
    Py_DECREF(fields);
    if (names == NULL)
        return NULL;
    PyObject_GC_UnTrack(names);
    int failed = PyDict_SetItem(field_sets, (PyObject *)cls, names);
    Py_DECREF(names); /* the cache holds it */
    return failed ? NULL : names;
}

static int set_slot(int slot, PyObject *instance, PyObject *value) {
    PyObject *descriptor = model_slots[slot];
    return Py_TYPE(descriptor)->tp_descr_set(descriptor, instance, value);
}

/* What models/_trusted.trusted_model(cls, values) builds: object.__new__(cls) with values as
 * its __dict__, every field marked set, no extra and no private attributes. */
static PyObject *new_model(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 2 || !PyType_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "new_model(cls, values) takes a type and a dict");
        return NULL;
    }
    PyTypeObject *cls = (PyTypeObject *)args[0];
    PyObject *values = args[1];
    if (model_slots[0] == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "bind_model_slots() was not called");
        return NULL;
    }
    static PyObject *no_args = NULL;
    if (no_args == NULL && (no_args = PyTuple_New(0)) == NULL)
        return NULL;
    PyObject *names = fields_of(cls);
    if (names == NULL)
        return NULL;
    /* object.__new__(cls) is tp_alloc and then, on CPython 3.11 and 3.12, an empty array of
     * inline attribute values, which the __dict__ write below turns into a dict only to
     * replace it. tp_alloc alone leaves no values and no dict, the state that write leaves
     * either way; a class with abstract methods goes through __new__ to raise as it does. */
    PyObject *instance = (cls->tp_flags & Py_TPFLAGS_IS_ABSTRACT)
                             ? PyBaseObject_Type.tp_new(cls, no_args, NULL)
                             : cls->tp_alloc(cls, 0);
    if (instance == NULL)
        return NULL;
    if (set_slot(0, instance, values) || set_slot(1, instance, names) ||
        set_slot(2, instance, Py_None) || set_slot(3, instance, Py_None)) {
        Py_DECREF(instance);
        return NULL;
    }
    return instance;
}

static PyMethodDef methods[] = {
    {"bind_model_slots", bind_model_slots, METH_VARARGS,
     "bind_model_slots(descriptors) -> None: BaseModel's four instance slots."},
    {"new_model", (PyCFunction)(void (*)(void))new_model, METH_FASTCALL,
     "new_model(cls, values) -> model, as models._trusted.trusted_model."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "Model-construction accelerator.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
