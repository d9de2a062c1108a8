/* internal.h — helpers shared by the core's files; not part of the API.
 *
 * Item codec: one item of a format code <-> mv_value. "Native" means the host's
 * byte order and the '@' table (wasm32 sizes); it is little-endian on every
 * target we build for, so '@' and '<' lay bytes out alike. */
#ifndef MEMVIEW_INTERNAL_H
#define MEMVIEW_INTERNAL_H

#include "memview.h"

#include <stdarg.h>

/* Writes a printf-style message into err->msg (truncated to fit), of the
 * conversions %s %c %d %ld %lld %llu and %% alone (c/src/message.c). */
void mv_set_error(mv_error *err, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The '@' table entry of an element-accessible memoryview format (one item
 * code, optional leading '@', not x s p), or NULL. */
const mv_code *mv_item_code(const char *format);

/* The table entry and byte order of a view item format beyond CPython's: one
 * item code with an optional prefix '@' '=' '<' '>' '!' (standard sizes after
 * the last four), or NULL. */
const mv_code *mv_item_code_bo(const char *format, int *big_endian);

/* 1 when format (NUL-terminated) is a record format: not an item format, and a
 * struct format of at most MV_FORMAT_MAX - 1 characters with a nonzero size
 * and at least one value; compiled into *s over codes (MV_FORMAT_MAX entries). */
int mv_record_format(const char *format, mv_struct *s, mv_struct_code *codes);

/* Python's == between two unpacked values (compare.c). */
int mv_values_equal(const mv_value *x, const mv_value *y);

/* One struct value of code sc at p, and its packing with struct's errors
 * (struct.c). */
void mv_struct_unpack_value(const mv_struct_code *sc, const uint8_t *p, int be, mv_value *out);
mv_status mv_struct_pack_value(const mv_struct_code *sc, uint8_t *p, const mv_value *v, int be,
                               mv_error *err);

/* Unsigned integer of 1, 2, 4 or 8 bytes, in the given byte order. */
uint64_t mv_load_uint(const uint8_t *p, int size, int big_endian);
void mv_store_uint(uint8_t *p, int size, uint64_t bits, int big_endian);
/* The low `size` bytes of bits, read as two's complement. */
int64_t mv_sign_extend(uint64_t bits, int size);

/* IEEE binary16. Packing rounds half to even; returns -1 (and writes nothing)
 * when x is finite but too large for binary16 (|x| >= 65520), else 0. NaN keeps
 * its sign and the top payload bits, and stays a NaN. */
int mv_half_pack(double x, uint8_t *p, int big_endian);
double mv_half_unpack(const uint8_t *p, int big_endian);

/* 1 when the int value v (tag MV_VAL_INT or MV_VAL_BOOL) fits integer code c:
 * signed/unsigned by kind, width by size; MV_KIND_POINTER takes both ranges
 * of its size (two's complement for negatives). */
int mv_int_fits(const mv_code *c, const mv_value *v);
/* The bits to store for such a value (two's complement). */
uint64_t mv_int_bits(const mv_value *v);

/* Output values (the header's convention): an int, a uint64 (intrange 1 when
 * it is >= 2**63), a float. */
void mv_value_set_int(mv_value *out, int64_t i);
void mv_value_set_uint(mv_value *out, uint64_t u);
void mv_value_set_float(mv_value *out, double d);

/* Reads one item of code c at p (native order) into out, as the header's
 * output convention says ('c' points data at p). c must not be x, s or p. */
void mv_unpack_native(const mv_code *c, const uint8_t *p, mv_value *out);
/* The same in a given byte order (struct's standard modes). */
void mv_unpack_item(const mv_code *c, const uint8_t *p, int big_endian, mv_value *out);

/* Packs v as one item of code c at p (native order), with memoryview's rules:
 * integer codes need an int (bool counts), floats take floats and ints
 * (through d), '?' takes truthiness, 'c' bytes of length 1, 'P' an int.
 * Nothing is written on failure. */
typedef enum mv_pack_result {
    MV_PACK_OK = 0,
    MV_PACK_BAD_TYPE = 1,  /* the value's type does not fit the code */
    MV_PACK_BAD_VALUE = 2  /* right type, out of range */
} mv_pack_result;
mv_pack_result mv_pack_native(const mv_code *c, uint8_t *p, const mv_value *v);

/* ---- views (view.c) ----------------------------------------------------- */

/* Recomputes v->flags (C/F contiguity, facts §0) and v->kind from the layout
 * and format; every function that changes a layout ends with it. */
void mv_view_update(mv_view *v);

/* product(shape): the number of elements (1 for 0-dim). */
int64_t mv_view_count(const mv_view *v);

/* CPython's adjust_fmt: the format with one leading '@' stripped, or NULL with
 * NotImplementedError "memoryview: unsupported format %s" when that is not a
 * single character. */
const char *mv_adjust_fmt(const mv_view *v, mv_error *err, mv_status *status);

/* The item code of a format that passed mv_adjust_fmt, or NULL with
 * NotImplementedError "memoryview: format %s not supported" (CPython raises it
 * only when an element is actually read or written). */
const mv_code *mv_native_code(const char *fmt, mv_error *err, mv_status *status);
/* The same for any view item format (mv_item_code_bo), with its byte order. */
const mv_code *mv_view_code(const char *fmt, int *big_endian, mv_error *err, mv_status *status);

/* Visits the elements in C order (fortran 0) or Fortran order (fortran 1), one
 * row at a time: a row is n elements, stride bytes apart, starting at row. A
 * 0-dim view is one row of one element; an empty view has no rows. */
typedef void (*mv_row_fn)(void *ctx, uint8_t *row, mv_ssize n, mv_ssize stride,
                          mv_ssize itemsize);
void mv_visit_rows(const mv_view *v, int fortran, mv_row_fn fn, void *ctx);

#endif /* MEMVIEW_INTERNAL_H */
