/*
 * The low-level module workplan.capi: SWIG over the public C API.
 *
 * Private: Python users use the package `workplan` (plan.py, node.py …),
 * which checks status codes and turns them into exceptions. Conventions
 * here:
 *   - `T **out` parameters become extra return values: a call returns
 *     [status, object] (or the object alone for void functions);
 *   - buffers in (`data, len`) take bytes or str; buffers out (CBOR,
 *     JSON, query strings) come back as bytes / str and are freed here;
 *   - callbacks, the allocator hooks and wp_value setters are not wrapped
 *     (the Python layer uses the select/typed-setter forms instead).
 */
%module(package="workplan") capi

%{
#include <workplan/workplan.h>
#include <math.h>
%}

%include <stdint.i>
%include <typemaps.i>

/* ---- out parameters ------------------------------------------------------ */

%define WP_OUT(TYPE)
%typemap(in, numinputs = 0) TYPE **out (TYPE *tmp = NULL) { $1 = &tmp; }
%typemap(argout) TYPE **out {
    $result = SWIG_Python_AppendOutput($result, SWIG_NewPointerObj(SWIG_as_voidptr(tmp$argnum),
                                                                   $descriptor(TYPE *), 0));
}
%enddef

WP_OUT(wp_plan)
WP_OUT(wp_node)
WP_OUT(wp_unit)
WP_OUT(wp_indicator)
WP_OUT(wp_report)
WP_OUT(wp_iter)
WP_OUT(wp_query)
WP_OUT(wp_nodelist)
WP_OUT(wp_matrix)
WP_OUT(wp_collection)
WP_OUT(wp_corpus_reader)
WP_OUT(wp_import_report)
WP_OUT(wp_corpus_writer)

%typemap(in, numinputs = 0) wp_import_report **report (wp_import_report *tmp = NULL) { $1 = &tmp; }
%typemap(argout) wp_import_report **report {
    $result = SWIG_Python_AppendOutput(
        $result, SWIG_NewPointerObj(SWIG_as_voidptr(tmp$argnum), $descriptor(wp_import_report *), 0));
}

%apply size_t *OUTPUT { size_t *out };
%apply size_t *OUTPUT { size_t *offset, size_t *length };

/* Enum parsers: int out. */
%typemap(in, numinputs = 0) SWIGTYPE *out ($*1_ltype tmp = 0) { $1 = &tmp; }
%typemap(argout) SWIGTYPE *out { $result = SWIG_Python_AppendOutput($result, PyLong_FromLong((long)tmp$argnum)); }
%typemap(in, numinputs = 0) wp_date *out (wp_date tmp = 0) { $1 = &tmp; }
%typemap(argout) wp_date *out { $result = SWIG_Python_AppendOutput($result, PyLong_FromLong((long)tmp$argnum)); }

/* ---- buffers ------------------------------------------------------------- */

/* In: bytes (or str, as UTF-8). */
%typemap(in) (const char *data, size_t len) (Py_buffer view, int have = 0),
             (const char *text, size_t len) (Py_buffer view, int have = 0),
             (const uint8_t *data, size_t len) (Py_buffer view, int have = 0) {
    if (PyUnicode_Check($input)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize($input, &n);
        if (s == NULL)
            SWIG_fail;
        $1 = ($1_ltype)s;
        $2 = (size_t)n;
    } else {
        if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
            SWIG_fail;
        have = 1;
        $1 = ($1_ltype)view.buf;
        $2 = (size_t)view.len;
    }
}
%typemap(freearg) (const char *data, size_t len), (const char *text, size_t len),
                  (const uint8_t *data, size_t len) {
    if (have$argnum)
        PyBuffer_Release(&view$argnum);
}

/* Out: CBOR as bytes, JSON as str; the C buffer is freed. */
%typemap(in, numinputs = 0) (uint8_t **out, size_t *out_len) (uint8_t *buf = NULL, size_t n = 0) {
    $1 = &buf;
    $2 = &n;
}
%typemap(argout) (uint8_t **out, size_t *out_len) {
    if (buf$argnum != NULL) {
        $result = SWIG_Python_AppendOutput($result,
                                           PyBytes_FromStringAndSize((const char *)buf$argnum,
                                                                     (Py_ssize_t)n$argnum));
        wp_free(buf$argnum);
    } else {
        $result = SWIG_Python_AppendOutput($result, Py_None), Py_INCREF(Py_None);
    }
}
%typemap(in, numinputs = 0) (char **out, size_t *out_len) (char *buf = NULL, size_t n = 0) {
    $1 = &buf;
    $2 = &n;
}
%typemap(argout) (char **out, size_t *out_len) {
    if (buf$argnum != NULL) {
        $result = SWIG_Python_AppendOutput($result, PyUnicode_FromStringAndSize(buf$argnum, (Py_ssize_t)n$argnum));
        wp_free(buf$argnum);
    } else {
        $result = SWIG_Python_AppendOutput($result, Py_None), Py_INCREF(Py_None);
    }
}
%typemap(in, numinputs = 0) char **out (char *buf = NULL) { $1 = &buf; }
%typemap(argout) char **out {
    if (buf$argnum != NULL) {
        $result = SWIG_Python_AppendOutput($result, PyUnicode_FromString(buf$argnum));
        wp_free(buf$argnum);
    } else {
        $result = SWIG_Python_AppendOutput($result, Py_None), Py_INCREF(Py_None);
    }
}

/* Strings returned by the library are borrowed: copied into str. */
%typemap(out) const char * {
    if ($1 == NULL) {
        $result = Py_None;
        Py_INCREF(Py_None);
    } else {
        $result = PyUnicode_FromString($1);
    }
}

/* ---- not wrapped --------------------------------------------------------- */

%ignore wp_set_allocator;
%ignore wp_allocator;
%ignore wp_malloc;
%ignore wp_free;
%ignore wp_query_foreach;
%ignore wp_collection_foreach;
%ignore wp_collection_select_ids;
%ignore wp_collection_select_positions;
%ignore wp_plan_foreach_indicator;
%ignore wp_query_cb;
%ignore wp_indicator_cb;
%ignore wp_attrs_set;
%ignore wp_query_attr;
%ignore wp_date_format;

/* Structs returned by the library are read-only views. */
%immutable wp_error::message;
%immutable wp_deadline::text;
%immutable wp_doc_number::text;
%immutable wp_doc_number::prefix;
%immutable wp_indicator_filter::unit;
%immutable wp_value::as;

%include <workplan/common.h>
%include <workplan/errors.h>
%include <workplan/date.h>
%include <workplan/plan.h>
%include <workplan/node.h>
%include <workplan/unit.h>
%include <workplan/assignment.h>
%include <workplan/attr.h>
%include <workplan/indicator.h>
%include <workplan/progress.h>
%include <workplan/iter.h>
%include <workplan/cbor.h>
%include <workplan/corpus.h>
%include <workplan/json.h>
%include <workplan/import.h>
%include <workplan/query.h>
%include <workplan/rollup.h>
%include <workplan/collection.h>
%include <workplan/version.h>

/* ---- small helpers for what needs a struct or a NAN ---------------------- */

%inline %{
/* Set or clear (text NULL and end 0) a node's deadline. */
int wpy_node_set_deadline(wp_node *node, const char *text, wp_date start, wp_date end,
                          int precision, bool aspirational)
{
    wp_deadline d;
    if (end == 0 && text == NULL)
        return wp_node_set_deadline(node, NULL);
    d.text = text;
    d.start = start;
    d.end = end;
    d.precision = (wp_precision)precision;
    d.aspirational = aspirational;
    return wp_node_set_deadline(node, &d);
}

/* Set or clear (text NULL) a plan's document number. */
int wpy_plan_set_doc_number(wp_plan *plan, const char *text, const char *prefix, int year,
                            int serial)
{
    wp_doc_number d;
    if (text == NULL)
        return wp_plan_set_doc_number(plan, NULL);
    d.text = text;
    d.prefix = prefix;
    d.year = year;
    d.serial = serial;
    return wp_plan_set_doc_number(plan, &d);
}

int wpy_plan_add_reference(wp_plan *plan, const char *title, const char *number_text,
                           const char *prefix, int year, int serial)
{
    wp_doc_number d = {number_text, prefix, year, serial};
    return wp_plan_add_reference(plan, title, number_text ? &d : NULL);
}

/* Indicator filter with open ends as NAN (has_min / has_max false). */
int wpy_query_indicator(wp_query **out, int op, const char *unit, bool has_min, double min,
                        bool has_max, double max)
{
    wp_indicator_filter f = WP_INDICATOR_FILTER_INIT;
    f.op = op;
    f.unit = unit;
    f.min = has_min ? min : NAN;
    f.max = has_max ? max : NAN;
    return wp_query_indicator(out, &f);
}

/* Attribute values, read by index (type, then the typed getter). */
int wpy_value_type(const wp_value *v) { return v ? (int)v->type : -1; }
const char *wpy_value_text(const wp_value *v) { return v && v->type == WP_VALUE_TEXT ? v->as.text : NULL; }
long long wpy_value_int(const wp_value *v) { return v && v->type == WP_VALUE_INT ? (long long)v->as.integer : 0; }
double wpy_value_float(const wp_value *v) { return v && v->type == WP_VALUE_FLOAT ? v->as.real : 0.0; }
bool wpy_value_bool(const wp_value *v) { return v && v->type == WP_VALUE_BOOL ? v->as.boolean : false; }

/* Is a borrowed object still alive? (removed nodes, merged units,
 * removed indicators and reports answer false) */
bool wpy_unit_live(const wp_unit *u) { return wp_unit_plan(u) != NULL; }
bool wpy_indicator_live(const wp_indicator *i) { return wp_indicator_node(i) != NULL; }
bool wpy_report_live(const wp_report *r) { return wp_report_node(r) != NULL; }

/* The integer address of a pointer: identity for __eq__ and __hash__. */
size_t wpy_addr(const void *p) { return (size_t)p; }
%}

/* ---- documents in (.docx, HTML), ledgers and reports out (issue 13) ------- */

/* A list of plans (Python sequence of wp_plan pointers) → C array. */
%typemap(in) (const wp_plan *const *plans, size_t n) (wp_plan **arr = NULL) {
    Py_ssize_t count, i;
    if (!PySequence_Check($input)) {
        PyErr_SetString(PyExc_TypeError, "expected a sequence of plans");
        SWIG_fail;
    }
    count = PySequence_Size($input);
    arr = (wp_plan **)calloc(count > 0 ? (size_t)count : 1, sizeof *arr);
    if (arr == NULL) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    for (i = 0; i < count; i++) {
        PyObject *item = PySequence_GetItem($input, i);
        void *p = NULL;
        int res = item ? SWIG_ConvertPtr(item, &p, $descriptor(wp_plan *), 0) : -1;
        Py_XDECREF(item);
        if (!SWIG_IsOK(res)) {
            PyErr_SetString(PyExc_TypeError, "expected a sequence of plans");
            SWIG_fail;
        }
        arr[i] = (wp_plan *)p;
    }
    $1 = ($1_ltype)arr;
    $2 = (size_t)count;
}
%typemap(freearg) (const wp_plan *const *plans, size_t n) { free(arr$argnum); }

%inline %{
int wpy_import_docx(wp_plan **out, wp_import_report **report, const char *data, size_t len,
                    const wp_import_options *options)
{
    return wp_import_docx(out, report, data, len, options);
}

int wpy_import_html(wp_plan **out, wp_import_report **report, const char *data, size_t len,
                    const wp_import_options *options)
{
    return wp_import_html(out, report, data, len, options);
}

int wpy_export_csv(char **out, size_t *out_len, const wp_plan *const *plans, size_t n,
                   const char *as_of, bool bom)
{
    wp_export_options o = WP_EXPORT_OPTIONS_INIT;
    o.as_of = as_of;
    o.bom = bom;
    return wp_export_csv(out, out_len, plans, n, &o);
}

int wpy_export_xlsx(const char *path, const wp_plan *const *plans, size_t n, const char *as_of)
{
    wp_export_options o = WP_EXPORT_OPTIONS_INIT;
    o.as_of = as_of;
    return wp_export_xlsx(path, plans, n, &o);
}

int wpy_export_report_html(char **out, size_t *out_len, const wp_plan *const *plans, size_t n,
                           const char *as_of)
{
    wp_export_options o = WP_EXPORT_OPTIONS_INIT;
    o.as_of = as_of;
    return wp_export_report_html(out, out_len, plans, n, &o);
}
%}

/* ---- plan-to-plan comparison (diff.h; used by workplan/diff.py) ----------- */

WP_OUT(wp_diff)
WP_OUT(wp_diff_set)

/* Out-parameters other than `out` are read through the helpers below. */
%ignore wp_diff_change_edit;
%ignore wp_diff_unit_at;
%ignore wp_corpus_diff_at;
%ignore wp_corpus_diff;

%include <workplan/diff.h>

%inline %{
/* One edit of a text change: op (-1 if out of range), byte offset, length. */
int wpy_diff_edit_op(const wp_diff_change *c, size_t i)
{
    wp_diff_op op;
    return wp_diff_change_edit(c, i, &op, NULL, NULL) < 0 ? -1 : (int)op;
}
size_t wpy_diff_edit_offset(const wp_diff_change *c, size_t i)
{
    size_t off = 0;
    wp_diff_change_edit(c, i, NULL, &off, NULL);
    return off;
}
size_t wpy_diff_edit_length(const wp_diff_change *c, size_t i)
{
    size_t len = 0;
    wp_diff_change_edit(c, i, NULL, NULL, &len);
    return len;
}

/* Unit entry i: its kind (or a negative error) and its two units. */
int wpy_diff_unit_kind(const wp_diff *d, size_t i) { return wp_diff_unit_at(d, i, NULL, NULL); }
wp_unit *wpy_diff_unit_old(const wp_diff *d, size_t i)
{
    wp_unit *u = NULL;
    wp_diff_unit_at(d, i, &u, NULL);
    return u;
}
wp_unit *wpy_diff_unit_new(const wp_diff *d, size_t i)
{
    wp_unit *u = NULL;
    wp_diff_unit_at(d, i, NULL, &u);
    return u;
}

/* An array of plan pointers, filled from Python, for wp_corpus_diff. */
typedef struct wpy_planv {
    const wp_plan **items;
    size_t n;
} wpy_planv;

wpy_planv *wpy_planv_new(size_t n)
{
    wpy_planv *v = calloc(1, sizeof *v);
    if (v != NULL && (v->items = calloc(n + 1, sizeof *v->items)) == NULL) {
        free(v);
        return NULL;
    }
    if (v != NULL)
        v->n = n;
    return v;
}
void wpy_planv_set(wpy_planv *v, size_t i, const wp_plan *p)
{
    if (v != NULL && i < v->n)
        v->items[i] = p;
}
void wpy_planv_free(wpy_planv *v)
{
    if (v != NULL) {
        free(v->items);
        free(v);
    }
}
int wpy_corpus_diff(wp_diff_set **out, const wpy_planv *a, const wpy_planv *b,
                    const wp_diff_options *options)
{
    if (a == NULL || b == NULL) {
        *out = NULL;
        return WP_ENOMEM;
    }
    return wp_corpus_diff(out, a->items, a->n, b->items, b->n, options);
}

/* Pair i of a corpus diff: kind, plans (by index in the input arrays: the
 * Python side maps them back to its Plan objects), diff. */
int wpy_cdiff_kind(const wp_diff_set *s, size_t i) { return wp_corpus_diff_at(s, i, NULL, NULL, NULL); }
long wpy_cdiff_index(const wp_diff_set *s, size_t i, const wpy_planv *v, int side)
{
    const wp_plan *a = NULL, *b = NULL, *p;
    wp_corpus_diff_at(s, i, &a, &b, NULL);
    p = side == 0 ? a : b;
    for (size_t k = 0; p != NULL && v != NULL && k < v->n; k++)
        if (v->items[k] == p)
            return (long)k;
    return -1;
}
const wp_diff *wpy_cdiff_diff(const wp_diff_set *s, size_t i)
{
    const wp_diff *d = NULL;
    wp_corpus_diff_at(s, i, NULL, NULL, &d);
    return d;
}
%}

/* ---- bulk columns (columns.h): whole Python lists built here, in C ------- */

%{
#include <string.h>
%}

WP_OUT(wp_columns)
%ignore wp_columns_build;
%ignore wp_columns_ints;
%ignore wp_columns_assignments;
%include <workplan/columns.h>

%inline %{
/* A text column as a list of str (None where absent). */
PyObject *wpy_columns_texts(const wp_columns *cols, int col)
{
    size_t n = wp_columns_rows(cols);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (list == NULL)
        return NULL;
    for (size_t r = 0; r < n; r++) {
        const char *s = wp_columns_text(cols, (wp_column)col, r);
        PyObject *o;
        if (s == NULL) {
            o = Py_None;
            Py_INCREF(o);
        } else if ((o = PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), NULL)) == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)r, o);
    }
    return list;
}

/* An integer column as bytes of native int32 (numpy.frombuffer). */
PyObject *wpy_columns_ints(const wp_columns *cols, int col)
{
    const int32_t *v = wp_columns_ints(cols, (wp_column)col);
    if (v == NULL)
        return PyBytes_FromStringAndSize("", 0);
    return PyBytes_FromStringAndSize((const char *)v,
                                     (Py_ssize_t)(wp_columns_rows(cols) * sizeof(int32_t)));
}

/* The distinct unit names, by code. */
PyObject *wpy_columns_unit_names(const wp_columns *cols)
{
    size_t n = wp_columns_unit_count(cols);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *s = wp_columns_unit_name(cols, i);
        PyObject *o = PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), NULL);
        if (o == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, o);
    }
    return list;
}

/* Per row, a tuple of the assigned units' names (role < 0: every role,
 * else only that role), each name one shared str object. */
PyObject *wpy_columns_units(const wp_columns *cols, int role)
{
    const uint32_t *off;
    const int32_t *codes;
    const uint8_t *roles;
    size_t n = wp_columns_rows(cols);
    PyObject *names = wpy_columns_unit_names(cols), *list, *empty;
    if (names == NULL)
        return NULL;
    wp_columns_assignments(cols, &off, &codes, &roles);
    if ((list = PyList_New((Py_ssize_t)n)) == NULL || (empty = PyTuple_New(0)) == NULL) {
        Py_XDECREF(list);
        Py_DECREF(names);
        return NULL;
    }
    for (size_t r = 0; r < n; r++) {
        uint32_t a = off[r], b = off[r + 1], k = 0;
        PyObject *t;
        for (uint32_t i = a; i < b; i++)
            k += role < 0 || roles[i] == role;
        if (k == 0) {
            Py_INCREF(empty);
            PyList_SET_ITEM(list, (Py_ssize_t)r, empty);
            continue;
        }
        if ((t = PyTuple_New((Py_ssize_t)k)) == NULL) {
            Py_DECREF(list);
            Py_DECREF(names);
            Py_DECREF(empty);
            return NULL;
        }
        k = 0;
        for (uint32_t i = a; i < b; i++)
            if (role < 0 || roles[i] == role) {
                PyObject *s = PyList_GET_ITEM(names, codes[i]);
                Py_INCREF(s);
                PyTuple_SET_ITEM(t, (Py_ssize_t)k++, s);
            }
        PyList_SET_ITEM(list, (Py_ssize_t)r, t);
    }
    Py_DECREF(names);
    Py_DECREF(empty);
    return list;
}

/* Equal units tuples are one object: rows keyed by their codes. */
typedef struct wpy_tcache {
    struct wpy_tslot { uint32_t row; PyObject *t; } *slot;
    size_t cap, n;
} wpy_tcache;

static uint64_t wpy_codes_hash(const int32_t *c, uint32_t k)
{
    uint64_t h = 1469598103934665603ull ^ k;
    for (uint32_t i = 0; i < k; i++)
        h = (h ^ (uint32_t)c[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

/* The units tuple of row r (every role), new reference; NULL on error. */
static PyObject *wpy_units_tuple(wpy_tcache *tc, PyObject *names, const uint32_t *off,
                                 const int32_t *codes, uint32_t r)
{
    uint32_t a = off[r], k = off[r + 1] - off[r];
    size_t i;
    PyObject *t;
    if (tc->n * 2 >= tc->cap) { /* grow and rehash */
        size_t cap = tc->cap ? tc->cap * 2 : 1024;
        struct wpy_tslot *s = calloc(cap, sizeof *s);
        if (s == NULL)
            return PyErr_NoMemory();
        for (size_t j = 0; j < tc->cap; j++) {
            uint32_t rr;
            if (tc->slot[j].t == NULL)
                continue;
            rr = tc->slot[j].row;
            i = wpy_codes_hash(codes + off[rr], off[rr + 1] - off[rr]) & (cap - 1);
            while (s[i].t != NULL)
                i = (i + 1) & (cap - 1);
            s[i] = tc->slot[j];
        }
        free(tc->slot);
        tc->slot = s;
        tc->cap = cap;
    }
    i = wpy_codes_hash(codes + a, k) & (tc->cap - 1);
    for (; tc->slot[i].t != NULL; i = (i + 1) & (tc->cap - 1)) {
        uint32_t rr = tc->slot[i].row;
        if (off[rr + 1] - off[rr] == k && memcmp(codes + off[rr], codes + a, k * sizeof *codes) == 0) {
            Py_INCREF(tc->slot[i].t);
            return tc->slot[i].t;
        }
    }
    if ((t = PyTuple_New((Py_ssize_t)k)) == NULL)
        return NULL;
    for (uint32_t j = 0; j < k; j++) {
        PyObject *s = PyList_GET_ITEM(names, codes[a + j]);
        Py_INCREF(s);
        PyTuple_SET_ITEM(t, (Py_ssize_t)j, s);
    }
    tc->slot[i].row = r;
    tc->slot[i].t = t;
    tc->n++;
    Py_INCREF(t);
    return t;
}

/* One pass over the rows filling `dest`, a C-contiguous 2-D object array
 * (numpy) of len(fields) × rows: fields[j] is a text column (WP_COL_ID …,
 * str or None) or -1 for the units tuples (every role; equal tuples are one
 * object). Each node is read once for all its fields. */
PyObject *wpy_columns_fill(const wp_columns *cols, PyObject *fields, PyObject *dest)
{
    Py_buffer view;
    int f[16];
    size_t n = wp_columns_rows(cols), k;
    const uint32_t *off;
    const int32_t *codes;
    const uint8_t *roles;
    PyObject **slot, *names = NULL;
    wpy_tcache tc = {NULL, 0, 0};
    int ok = 1;
    if (!PyList_Check(fields) || (k = (size_t)PyList_GET_SIZE(fields)) > 16) {
        PyErr_SetString(PyExc_ValueError, "fields: a list of at most 16 column numbers");
        return NULL;
    }
    for (size_t j = 0; j < k; j++) {
        long v = PyLong_AsLong(PyList_GET_ITEM(fields, j));
        if (v == -1 && PyErr_Occurred())
            return NULL;
        if (v != -1 && (v < WP_COL_ID || v > WP_COL_CATEGORY)) {
            PyErr_SetString(PyExc_ValueError, "fields: not a text column");
            return NULL;
        }
        f[j] = (int)v;
        if (v == -1 && names == NULL && (names = wpy_columns_unit_names(cols)) == NULL)
            return NULL;
    }
    if (PyObject_GetBuffer(dest, &view, PyBUF_WRITABLE | PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        Py_XDECREF(names);
        return NULL;
    }
    if (view.format == NULL || strcmp(view.format, "O") != 0 ||
        view.itemsize != (Py_ssize_t)sizeof(PyObject *) ||
        (size_t)view.len != k * n * sizeof(PyObject *)) {
        PyBuffer_Release(&view);
        Py_XDECREF(names);
        PyErr_SetString(PyExc_ValueError, "dest: a C-contiguous object array of len(fields) x rows");
        return NULL;
    }
    slot = view.buf;
    wp_columns_assignments(cols, &off, &codes, &roles);
    for (size_t r = 0; r < n && ok; r++) {
        if (r + 8 < n)
            __builtin_prefetch(wp_columns_node(cols, r + 8));
        for (size_t j = 0; j < k; j++) {
            PyObject *o, *old;
            if (f[j] < 0) {
                o = wpy_units_tuple(&tc, names, off, codes, (uint32_t)r);
            } else {
                const char *s = wp_columns_text(cols, (wp_column)f[j], r);
                if (s == NULL) {
                    o = Py_None;
                    Py_INCREF(o);
                } else {
                    o = PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), NULL);
                }
            }
            if (o == NULL) {
                ok = 0;
                break;
            }
            old = slot[j * n + r];
            slot[j * n + r] = o;
            Py_XDECREF(old);
        }
    }
    for (size_t i = 0; i < tc.cap; i++)
        Py_XDECREF(tc.slot[i].t);
    free(tc.slot);
    PyBuffer_Release(&view);
    Py_XDECREF(names);
    if (!ok)
        return NULL;
    Py_RETURN_NONE;
}

/* The ids of the plans, by WP_COL_PLAN value (None where a plan has none). */
PyObject *wpy_columns_plan_ids(const wp_columns *cols)
{
    size_t n = wp_columns_plan_count(cols);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *s = wp_plan_id(wp_columns_plan(cols, i));
        PyObject *o = s ? PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), NULL) : Py_None;
        if (o == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        if (s == NULL)
            Py_INCREF(o);
        PyList_SET_ITEM(list, (Py_ssize_t)i, o);
    }
    return list;
}
%}

%inline %{
/* The ids of a query's matches over a collection, as one list built here
 * from wp_collection_select_ids (no Node proxy, no node read when the
 * corpus indexes answer). Returns an int status when the query fails. */
PyObject *wpy_collection_select_ids(const wp_query *query, wp_collection *coll)
{
    const char **ids;
    size_t n;
    PyObject *list;
    int rc = wp_collection_select_ids(&ids, &n, query, coll);
    if (rc != 0)
        return PyLong_FromLong(rc); /* a negative status: the caller raises */
    if (n > (size_t)PY_SSIZE_T_MAX || (list = PyList_New((Py_ssize_t)n)) == NULL) {
        wp_free(ids);
        return PyErr_Occurred() ? NULL : PyErr_NoMemory();
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *o;
        if (i + 16 < n && ids[i + 16] != NULL)
            __builtin_prefetch(ids[i + 16]); /* the strings are scattered: hide the misses */
        o = ids[i] ? PyUnicode_DecodeUTF8(ids[i], (Py_ssize_t)strlen(ids[i]), NULL)
                             : (Py_INCREF(Py_None), Py_None);
        if (o == NULL) {
            wp_free(ids);
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, o);
    }
    wp_free(ids);
    return list;
}
%}

/* ---- ids by corpus position, made once (Collection.query_ids) ------------ */

%{
#include <structmember.h>

/* One collection's id str objects by corpus position
 * (wp_collection_select_positions): each made on the first query that
 * returns it and handed out again by later ones, while
 * wp_collection_version() stays what it was when they were made; all
 * dropped when it changes. 8 bytes per position up to the highest one
 * returned (calloc'd: pages nobody touched cost nothing), plus one str per
 * distinct id returned. */
typedef struct wpy_idcache {
    uint64_t version; /* 0: nothing kept */
    size_t cap;       /* entries of v */
    size_t kept;      /* non-NULL entries */
    PyObject **v;     /* [cap] new references, or NULL */
} wpy_idcache;

#define WPY_IDCACHE "workplan.idcache"

static void wpy_idcache_clear(wpy_idcache *c)
{
    PyObject **v = c->v;
    size_t cap = c->cap;
    c->v = NULL;
    c->cap = c->kept = 0;
    c->version = 0;
    for (size_t i = 0; i < cap; i++)
        Py_XDECREF(v[i]);
    free(v);
}

static void wpy_idcache_destroy(PyObject *capsule)
{
    wpy_idcache *c = PyCapsule_GetPointer(capsule, WPY_IDCACHE);
    if (c != NULL) {
        wpy_idcache_clear(c);
        free(c);
    }
}

/* Room for positions below `need` (new entries NULL); false when it cannot
 * be had (the ids are then made without being kept). */
static bool wpy_idcache_reserve(wpy_idcache *c, size_t need)
{
    PyObject **v;
    size_t cap;
    if (need <= c->cap)
        return true;
    cap = need + need / 8; /* positions come in growing runs: few regrowths */
    if (cap < need || cap > SIZE_MAX / sizeof *v || (v = calloc(cap, sizeof *v)) == NULL)
        return false;
    if (c->v != NULL)
        memcpy(v, c->v, c->cap * sizeof *v);
    free(c->v);
    c->v = v;
    c->cap = cap;
    return true;
}
%}

%inline %{
/* A new, empty id cache (a capsule freed with the Collection). */
PyObject *wpy_idcache_new(void)
{
    wpy_idcache *c = calloc(1, sizeof *c);
    PyObject *capsule;
    if (c == NULL)
        return PyErr_NoMemory();
    if ((capsule = PyCapsule_New(c, WPY_IDCACHE, wpy_idcache_destroy)) == NULL)
        free(c);
    return capsule;
}

/* (ids kept, entries, version) of a cache: for tests and memory figures. */
PyObject *wpy_idcache_info(PyObject *capsule)
{
    wpy_idcache *c = PyCapsule_GetPointer(capsule, WPY_IDCACHE);
    if (c == NULL)
        return NULL;
    return Py_BuildValue("(nnK)", (Py_ssize_t)c->kept, (Py_ssize_t)c->cap,
                         (unsigned long long)c->version);
}

/* Drop every kept id. */
PyObject *wpy_idcache_clear_all(PyObject *capsule)
{
    wpy_idcache *c = PyCapsule_GetPointer(capsule, WPY_IDCACHE);
    if (c == NULL)
        return NULL;
    wpy_idcache_clear(c);
    Py_RETURN_NONE;
}

/* The ids of a query's matches as one list, as wpy_collection_select_ids,
 * but each id str taken from `capsule` (an id cache) when an earlier query
 * made it at the same collection version, and kept there when made now:
 * the positions of the matches first, then the ids of those not kept yet
 * in one call. Returns an int status when the query fails. */
PyObject *wpy_collection_select_ids_cached(const wp_query *query, wp_collection *coll,
                                           PyObject *capsule)
{
    wpy_idcache *c = PyCapsule_GetPointer(capsule, WPY_IDCACHE);
    uint32_t *pos, *at = NULL;
    const char **ids = NULL;
    size_t n, need = 0, miss = 0;
    uint64_t version;
    PyObject *list;
    int rc;
    if (c == NULL)
        return NULL;
    version = wp_collection_version(coll);
    if ((rc = wp_collection_select_positions(&pos, &n, query, coll)) != 0)
        return PyLong_FromLong(rc); /* a negative status: the caller raises */
    if (c->version != version) { /* a plan was added or edited: positions moved */
        wpy_idcache_clear(c);
        c->version = version;
    }
    for (size_t i = 0; i < n; i++)
        if (pos[i] >= need)
            need = (size_t)pos[i] + 1;
    wpy_idcache_reserve(c, need);
    if (n > (size_t)PY_SSIZE_T_MAX || (list = PyList_New((Py_ssize_t)n)) == NULL) {
        wp_free(pos);
        return PyErr_Occurred() ? NULL : PyErr_NoMemory();
    }
    /* The kept ones. Their slots and strs are read scattered: fetch the slot
     * 32 matches ahead and the str it holds (its reference count) 16 ahead
     * (8 and 16 measured alike; the misses are the cost either way).
     * The others are noted (list index in `at`, position moved down in pos). */
    for (size_t i = 0; i < n; i++) {
        size_t g = pos[i];
        PyObject *o;
        if (i + 32 < n && pos[i + 32] < c->cap)
            __builtin_prefetch(&c->v[pos[i + 32]]);
        if (i + 16 < n && pos[i + 16] < c->cap && c->v[pos[i + 16]] != NULL)
            __builtin_prefetch(c->v[pos[i + 16]], 1);
        o = g < c->cap ? c->v[g] : NULL;
        if (o != NULL) {
            Py_INCREF(o);
            PyList_SET_ITEM(list, (Py_ssize_t)i, o);
            continue;
        }
        if (at == NULL && (at = malloc((n - i) * sizeof *at)) == NULL)
            goto nomem;
        at[miss] = (uint32_t)i;
        pos[miss++] = (uint32_t)g;
    }
    if (miss > 0) { /* made now, in one call for their ids */
        if ((ids = malloc(miss * sizeof *ids)) == NULL)
            goto nomem;
        if ((rc = wp_collection_position_ids(ids, pos, miss, coll)) != 0) {
            free(ids);
            free(at);
            wp_free(pos);
            Py_DECREF(list);
            return PyLong_FromLong(rc);
        }
        for (size_t k = 0; k < miss; k++) {
            size_t g = pos[k];
            PyObject *o = ids[k] ? PyUnicode_DecodeUTF8(ids[k], (Py_ssize_t)strlen(ids[k]), NULL)
                                 : (Py_INCREF(Py_None), Py_None);
            if (o == NULL) {
                free(ids);
                free(at);
                wp_free(pos);
                Py_DECREF(list);
                return NULL;
            }
            if (g < c->cap) {
                Py_INCREF(o);
                c->v[g] = o;
                c->kept++;
            }
            PyList_SET_ITEM(list, (Py_ssize_t)at[k], o);
        }
        free(ids);
    }
    free(at);
    wp_free(pos);
    return list;
nomem:
    free(at);
    wp_free(pos);
    Py_DECREF(list);
    return PyErr_NoMemory();
}

/* The offset of the object slot `name` of a class with __slots__ (a
 * member descriptor holding an object), so that instances can be filled
 * without running __init__; false when it is anything else. */
static bool wpy_slot_offset(PyTypeObject *tp, const char *name, Py_ssize_t *off)
{
    PyObject *d = PyDict_GetItemString(tp->tp_dict, name); /* borrowed */
    PyMemberDef *m;
    if (d == NULL || !Py_IS_TYPE(d, &PyMemberDescr_Type))
        return false;
    m = ((PyMemberDescrObject *)d)->d_member;
    if (m->type != T_OBJECT_EX || m->offset <= 0)
        return false;
    *off = m->offset;
    return true;
}

/* The matches of a query over a collection as a list of `make(plan, node)`
 * (the Node class), `plans` being the collection's Plan objects in order:
 * one wrapped call for the whole list instead of three per match. Returns
 * an int status when the query fails. */
PyObject *wpy_collection_select_nodes(const wp_query *query, wp_collection *coll, size_t limit,
                                      PyObject *plans, PyObject *make)
{
    wp_nodelist *l;
    PyObject *list;
    PyTypeObject *tp = NULL;
    Py_ssize_t off_plan = 0, off_ptr = 0;
    bool fast = false;
    size_t n, np = wp_collection_count(coll), k = 0;
    int rc;
    if (!PyList_Check(plans) || (size_t)PyList_GET_SIZE(plans) != np) {
        PyErr_SetString(PyExc_TypeError, "plans must be the list of the collection's plans");
        return NULL;
    }
    if (PyType_Check(make)) {
        tp = (PyTypeObject *)make;
        fast = wpy_slot_offset(tp, "_plan", &off_plan) &&
               wpy_slot_offset(tp, "_ptr", &off_ptr);
    }
    if ((rc = wp_collection_select(&l, query, coll, limit)) != 0)
        return PyLong_FromLong(rc); /* a negative status: the caller raises */
    n = wp_nodelist_count(l);
    if (n > (size_t)PY_SSIZE_T_MAX || (list = PyList_New((Py_ssize_t)n)) == NULL) {
        wp_nodelist_free(l);
        return PyErr_Occurred() ? NULL : PyErr_NoMemory();
    }
    for (size_t i = 0; i < n; i++) {
        wp_node *node = wp_nodelist_get(l, i);
        const wp_plan *plan = wp_node_plan(node);
        PyObject *ptr, *o;
        /* The matches come plan by plan, in the collection's order: look
         * forward from the last match's plan, then from the start. */
        if (k >= np || wp_collection_plan(coll, k) != plan) {
            size_t from = k < np ? k : 0;
            for (k = from; k < np && wp_collection_plan(coll, k) != plan; k++)
                ;
            if (k == np)
                for (k = 0; k < from && wp_collection_plan(coll, k) != plan; k++)
                    ;
            if (k == from && from < np && wp_collection_plan(coll, k) != plan)
                k = np;
        }
        if (k == np) {
            PyErr_SetString(PyExc_RuntimeError, "a match is not in a plan of the collection");
            goto fail;
        }
        if ((ptr = SWIG_NewPointerObj(SWIG_as_voidptr(node), SWIGTYPE_p_wp_node, 0)) == NULL)
            goto fail;
        if (fast) { /* Node(plan, ptr) without running __init__: its two slots */
            if ((o = tp->tp_alloc(tp, 0)) == NULL) {
                Py_DECREF(ptr);
                goto fail;
            }
            Py_INCREF(PyList_GET_ITEM(plans, (Py_ssize_t)k));
            *(PyObject **)((char *)o + off_plan) = PyList_GET_ITEM(plans, (Py_ssize_t)k);
            *(PyObject **)((char *)o + off_ptr) = ptr;
        } else {
            o = PyObject_CallFunctionObjArgs(make, PyList_GET_ITEM(plans, (Py_ssize_t)k), ptr,
                                             NULL);
            Py_DECREF(ptr);
            if (o == NULL)
                goto fail;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, o);
    }
    wp_nodelist_free(l);
    return list;
fail:
    wp_nodelist_free(l);
    Py_DECREF(list);
    return NULL;
}
%}
