/*
 * memview.h — the C core of memview: Python's memoryview and struct over raw bytes.
 *
 * The core knows nothing about JavaScript or about who owns the bytes. It works on
 * a view descriptor (mv_view): a base pointer, the byte length, a read-only flag,
 * the item size and format, and ndim/shape/strides.
 *
 * Conventions, relied on everywhere:
 *   - A function that can fail returns an mv_status. On failure it writes CPython's
 *     exception message into *err (the status names the exception class) and leaves
 *     every output untouched, except where a comment says otherwise.
 *   - No function allocates. Callers pass every output and scratch buffer; the
 *     *_size functions say how large they must be. mv_alloc/mv_free are the only
 *     allocator entry points, for the binding's own use.
 *   - mv_ssize is Py_ssize_t of the wasm32 target: 32 bits in every build, so a
 *     native build (unit tests, sanitizers, fuzzing) behaves like the wasm one.
 *   - Integers that come from the caller as "Python ints" (indexes, slice bounds,
 *     shape elements) are passed as doubles: any integral value is exact there up
 *     to 2**53, NaN means "not an int" (the caller could not convert it, so the
 *     matching TypeError is raised in CPython's order), and out-of-range values
 *     get CPython's overflow handling. Where the exact int decides the answer
 *     (values to store or compare, sub()'s index keys, array items) it comes as
 *     an mv_value (below), whose int64 is exact.
 *
 * Invariants of an mv_view (established by mv_view_init/slice/cast, relied on by
 * every other function):
 *   - 0 <= ndim <= MV_MAXDIM; shape[k] >= 0; len == product(shape) * itemsize.
 *   - buf is the address of element [0, ..., 0]; element [i0, ..., in] is at
 *     buf + sum(ik * strides[k]). Strides may be negative.
 *   - format is NUL-terminated, stored verbatim (so "@i" stays "@i"); kind is the
 *     mv_kind of the format when it is element-accessible (one native code with
 *     an optional leading '@'), and 0 otherwise.
 *   - flags hold MV_C_CONTIGUOUS / MV_F_CONTIGUOUS, computed by CPython's rules.
 *   - shape[k] and strides[k] for k >= ndim are unspecified, and no function
 *     uses them (a copy moves the header and ndim dims only).
 */
#ifndef MEMVIEW_H
#define MEMVIEW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__EMSCRIPTEN__)
#define MV_API __attribute__((used)) /* exported from the wasm module */
#else
#define MV_API
#endif

typedef int32_t mv_ssize;
#define MV_SSIZE_MAX INT32_MAX
#define MV_SSIZE_MIN INT32_MIN
#define MV_MAXDIM 64
#define MV_FORMAT_MAX 16 /* bytes, with the NUL; a longer format is never valid */

/* The exception a failing call raises. */
typedef enum mv_status {
    MV_OK = 0,
    MV_VALUE_ERROR = 1,
    MV_TYPE_ERROR = 2,
    MV_INDEX_ERROR = 3,
    MV_BUFFER_ERROR = 4,
    MV_NOT_IMPLEMENTED_ERROR = 5,
    MV_OVERFLOW_ERROR = 6,
    MV_MEMORY_ERROR = 7,
    MV_STRUCT_ERROR = 8
} mv_status;

#define MV_ERROR_MSG_MAX 256
typedef struct mv_error {
    char msg[MV_ERROR_MSG_MAX]; /* CPython's message, NUL-terminated */
} mv_error;

/* ------------------------------------------------------------------------- */
/* Allocation: the only allocator entry points, used by the binding.          */

/* A block lies wholly inside memory and overlaps no other; NULL when memory
 * cannot hold it (on wasm32, memory ends one 64 KiB page short of 4 GiB: see
 * alloc.c). Wasm memory grows by half of what there is, or more. */
MV_API void *mv_alloc(size_t size); /* NULL when out of memory; never for size 0 */
MV_API void *mv_realloc(void *p, size_t size); /* NULL (p intact) when out of memory */
MV_API void mv_free(void *p);
/* The heap figures are counted in 64 bits and returned as doubles: exact to
 * 2**53, past the 2**32 at which a wasm32 size_t would wrap. */
MV_API double mv_heap_in_use(void);    /* bytes allocated through mv_alloc, live */
MV_API double mv_heap_blocks(void);    /* live blocks allocated through mv_alloc */
MV_API double mv_heap_peak(void);      /* the most mv_heap_in_use() has been since the reset */
MV_API void mv_heap_peak_reset(void);  /* starts a new peak at the current use */

/* ------------------------------------------------------------------------- */
/* Format codes: one table, shared by memoryview and struct.                  */

typedef enum mv_kind {
    MV_KIND_SIGNED = 1,   /* b h i l q n */
    MV_KIND_UNSIGNED = 2, /* B H I L Q N */
    MV_KIND_FLOAT = 3,    /* e f d */
    MV_KIND_BOOL = 4,     /* ? */
    MV_KIND_CHAR = 5,     /* c */
    MV_KIND_POINTER = 6,  /* P: read unsigned, written two's complement */
    MV_KIND_PAD = 7,      /* x (struct only) */
    MV_KIND_STRING = 8,   /* s (struct only) */
    MV_KIND_PASCAL = 9,   /* p (struct only) */
    MV_KIND_RECORD = 10   /* a view's item is a record (a struct format; below) */
} mv_kind;

typedef struct mv_code {
    char code;     /* the format letter */
    uint8_t kind;  /* mv_kind */
    uint8_t size;  /* bytes */
    uint8_t align; /* native alignment; 1 in standard modes */
} mv_code;

/* The code's entry for struct mode '@', '=', '<', '>' or '!' (NULL if the code is
 * not valid in that mode, e.g. 'n' with '<'). */
MV_API const mv_code *mv_code_lookup(char code, char mode);

/* How the JS binding reads and writes one value itself (js/executor.js): which
 * DataView accessor, in which byte order. This is the plan C hands over; JS
 * runs loops from it and derives nothing. Values of the other codes ('e' and
 * struct's 'x', 'p') go through C, and so does every value JS cannot store as
 * it is (one that needs converting, or is out of the accessor's range). */
typedef enum mv_access {
    MV_ACCESS_NONE = 0,
    MV_ACCESS_I8 = 1, MV_ACCESS_U8 = 2, MV_ACCESS_I16 = 3, MV_ACCESS_U16 = 4,
    MV_ACCESS_I32 = 5, MV_ACCESS_U32 = 6, MV_ACCESS_I64 = 7, MV_ACCESS_U64 = 8,
    MV_ACCESS_F32 = 9, MV_ACCESS_F64 = 10, MV_ACCESS_BOOL = 11,
    MV_ACCESS_BYTES = 12 /* 'c' and 's': the bytes as they are */
} mv_access;
/* Or'ed into an access: the value is big-endian (else little-endian). */
enum { MV_ACCESS_BIG_ENDIAN = 0x100 };

/* The mv_access of a table entry (MV_ACCESS_NONE for e x p). */
MV_API int32_t mv_code_access(const mv_code *c);

/* The itemsize of a memoryview item format (below), or 0 when it is none. */
MV_API mv_ssize mv_item_size(const char *format);

/* A memoryview item format: one native code with an optional leading '@'.
 * Errors (NotImplementedError): "memoryview: unsupported format %s" when it is not
 * a single code after the '@', "memoryview: format %s not supported" when it is a
 * single character that is not a native code. */
MV_API mv_status mv_format_item(const char *format, const mv_code **out, mv_error *err);

/* Beyond CPython: view item formats with a byte order, and records.
 *   - A byte-order item format is one item code with a prefix '=' '<' '>' or
 *     '!' (struct's standard sizes: 'l' 'L' are 4 bytes, no 'n' 'N' 'P'), or
 *     '@' / none (native). A view of one has the code's kind, and its access
 *     carries MV_ACCESS_BIG_ENDIAN for '>' and '!'.
 *   - A record format is any other struct format of at most MV_FORMAT_MAX - 1
 *     characters with a nonzero size and at least one value ('<IHH', '>4sI',
 *     '2d', 'ii'). A view of one has kind MV_KIND_RECORD, access NONE and
 *     itemsize calcsize(format); its items are read and written by struct's
 *     rules (the binding runs the compiled struct; C locates, compares, copies).
 * Element access to a byte-order view keeps memoryview's messages for native
 * formats and uses struct's (struct.error) for the prefixed ones. */

/* 1 when format is a big-endian item format ('>' or '!'), else 0. */
MV_API int32_t mv_format_big_endian(const char *format);
/* calcsize(format) when format is a record format, else 0. */
MV_API mv_ssize mv_record_size(const char *format);

/* ------------------------------------------------------------------------- */
/* Values exchanged with the caller (one element, or one struct field).       */

typedef enum mv_value_tag {
    MV_VAL_INT = 1,   /* a Python int (or bool used as int): i, d, intrange, truthy */
    MV_VAL_FLOAT = 2, /* a Python float: d, truthy */
    MV_VAL_BOOL = 3,  /* output of '?': i is 0 or 1; as an input, a Python bool where the
                       * callee tells it from an int (sub()'s keys refuse it) */
    MV_VAL_BYTES = 4, /* a bytes object: data, len, truthy */
    MV_VAL_OTHER = 5  /* any other object: only truthy is meaningful */
} mv_value_tag;

typedef struct mv_value {
    int64_t i;        /* MV_VAL_INT: the value (intrange 0), its uint64 bits (1), its low 64 bits (2, 3) */
    double d;         /* MV_VAL_FLOAT: the value; MV_VAL_INT: the int as a double (+-inf if too large) */
    int32_t tag;      /* mv_value_tag */
    int32_t intrange; /* MV_VAL_INT: 0 fits int64, 1 in [2**63, 2**64), 2 beyond both, 3 beyond
                       * both and d is exactly the int (it equals that float) */
    int32_t truthy;   /* the object's truthiness (what '?' stores) */
    mv_ssize len;     /* MV_VAL_BYTES: length */
    const uint8_t *data; /* MV_VAL_BYTES: the bytes (on output, points into the view) */
} mv_value;
/* Outputs (mv_view_get, struct unpack): integers set tag MV_VAL_INT, i, d = (double)i
 * (for unsigned 64-bit values >= 2**63, intrange 1 and i holds the bits); floats set
 * MV_VAL_FLOAT and d; '?' sets MV_VAL_BOOL; 'c', 's', 'p' set MV_VAL_BYTES. */

/* ------------------------------------------------------------------------- */
/* Views.                                                                     */

enum { MV_C_CONTIGUOUS = 1, MV_F_CONTIGUOUS = 2 };

typedef struct mv_view {
    uint8_t *buf;                /* address of element [0, ..., 0] */
    mv_ssize len;                /* nbytes */
    mv_ssize itemsize;
    int32_t readonly;
    int32_t ndim;
    int32_t flags;               /* MV_C_CONTIGUOUS | MV_F_CONTIGUOUS */
    int32_t kind;                /* mv_kind if element-accessible, else 0 */
    int32_t access;              /* mv_access of the item format (0: C only) */
    char format[MV_FORMAT_MAX];
    mv_ssize shape[MV_MAXDIM];
    mv_ssize strides[MV_MAXDIM];
} mv_view;

/* A 1-D view of an exporter's nbytes bytes at buf (bytes, bytearray: "B"; array:
 * its typecode). format must be a native code; shape[0] = nbytes / itemsize. */
MV_API mv_status mv_view_init(mv_view *v, uint8_t *buf, mv_ssize nbytes, int32_t readonly,
                              const char *format, mv_error *err);

/* memoryview(m) and m.toreadonly(): same memory, same layout. */
MV_API void mv_view_copy(mv_view *dst, const mv_view *src);
MV_API void mv_view_toreadonly(mv_view *dst, const mv_view *src);

/* m[start:stop:step]; NaN stands for None. Out-of-range bounds clamp as CPython.
 * 0-dim → TypeError "invalid indexing of 0-dim memory"; step 0 → ValueError. */
MV_API mv_status mv_view_slice(mv_view *dst, const mv_view *src, double start, double stop,
                               double step, mv_error *err);

/* The array module's typecodes (CPython's Modules/arraymodule.c): for
 * typecode one of "bBhHiIlLqQfd" (a character code), the '@' table entry of its
 * item, whose size and kind are the array's; NULL for any other code (one
 * past 127 too, whatever its low byte). */
MV_API const mv_code *mv_array_code(int32_t typecode);
/* The array module's check of an item value v for typecode (as append and
 * item assignment make it), with that module's messages: an int (MV_VAL_INT; a
 * MV_VAL_BOOL counts as the int i) must fit the C type the typecode's setitem converts through (OverflowError
 * "signed char is greater than maximum", "Python int too large to convert to
 * C long", ...); a float (MV_VAL_FLOAT) is a TypeError for the integer
 * typecodes; f and d take both, but an int beyond the doubles (d infinite) is
 * an OverflowError. Any other value is a TypeError whose message the binding
 * words itself, as it names the value's type (C's says only that). */
MV_API mv_status mv_array_check_item(int32_t typecode, const mv_value *v, mv_error *err);

/* Beyond CPython: NumPy's basic indexing, m.sub(key0, key1, ...). One key per
 * leading dimension (nkeys <= ndim; past MV_MAXDIM keys an IndexError before any
 * key is read; the dimensions after them are taken whole):
 * kinds[k] is MV_KEY_INDEX (indexes[k] the key as a value: an int is MV_VAL_INT;
 * a bool (MV_VAL_BOOL), a float, any other object and an int past int64 are
 * NumPy's "only integers" error; the dimension is dropped),
 * MV_KEY_SLICE (slices[3k .. 3k+2] start, stop, step, as doubles, NaN for None,
 * with slice()'s clamping, so that a double's rounding of a huge int changes
 * nothing; an emptied dimension keeps its stride, as in NumPy) or MV_KEY_ALL.
 * indexes[k] is read for index keys only, slices[3k ..] for slice keys only.
 * The result shares src's memory,
 * format and readonly flag, with the flags recomputed (a 1-D result keeps
 * CPython's 1-D rule). Errors are NumPy's, in its order (every index key is
 * converted before the keys are counted): IndexError "only integers, slices
 * ..." (or OverflowError for an int in [2**63, 2**64)), "too many indices for
 * array: ...", "index 5 is out of bounds for axis 0 with size 3"; ValueError
 * "slice step cannot be zero"; TypeError for a slice bound that is not an int. */
enum { MV_KEY_INDEX = 0, MV_KEY_SLICE = 1, MV_KEY_ALL = 2 };
MV_API mv_status mv_view_subview(mv_view *dst, const mv_view *src, const int32_t *kinds,
                                 const double *slices, const mv_value *indexes, int32_t nkeys,
                                 mv_error *err);

/* m.cast(format, shape). shape_len: -1 for no shape, -2 when the caller's shape is
 * neither a list nor a tuple, else the number of elements (each a double; NaN for
 * an element that is not an int). Checks in CPython's order (facts §5). */
MV_API mv_status mv_view_cast(mv_view *dst, const mv_view *src, const char *format,
                              const double *shape, int32_t shape_len, mv_error *err);

/* m[i] (nindex == 1), m[i, j, ...] (nindex >= 2) and m[()] (nindex == 0). */
MV_API mv_status mv_view_get(const mv_view *v, const double *index, int32_t nindex,
                             mv_value *out, mv_error *err);
/* m[i] = val, with the same keys; CPython's order of checks (facts §4). */
MV_API mv_status mv_view_set(const mv_view *v, const double *index, int32_t nindex,
                             const mv_value *val, mv_error *err);

/* m[:] = src, in two steps because the caller converts src in between (CPython
 * checks the target first, then whether src is a buffer, then the structures).
 * mv_view_assign_check: format, read-only, ndim. mv_view_assign: structures, then an
 * overlap-safe copy; scratch must hold mv_view_assign_scratch_size(dst, src) bytes
 * (0 when the copy needs none; scratch may then be NULL). */
MV_API mv_status mv_view_assign_check(const mv_view *dst, mv_error *err);
/* The structure rule alone (mv_view_assign checks it first): ValueError unless
 * the format strings (less one leading '@'), itemsizes and shapes match. */
MV_API mv_status mv_view_assign_compatible(const mv_view *dst, const mv_view *src, mv_error *err);
MV_API mv_ssize mv_view_assign_scratch_size(const mv_view *dst, const mv_view *src);
MV_API mv_status mv_view_assign(const mv_view *dst, const mv_view *src, uint8_t *scratch,
                                mv_error *err);

/* m.tobytes(order): writes v->len bytes. order is 'C', 'F' or 'A'; anything else
 * → ValueError "order must be 'C', 'F' or 'A'". */
MV_API mv_status mv_view_tobytes(const mv_view *v, uint8_t *out, int32_t order, mv_error *err);

/* m.hex(sep, bytes_per_sep): sep is an ASCII character, or -1 for none. Writes
 * exactly mv_hex_size(...) characters, no NUL. */
MV_API mv_ssize mv_hex_size(mv_ssize nbytes, int32_t sep, int32_t bytes_per_sep);
MV_API mv_status mv_view_hex(const mv_view *v, char *out, int32_t sep, int32_t bytes_per_sep,
                             mv_error *err);

/* m.tolist() flattened: product(shape) slots of 8 bytes in C order. Each slot is a
 * double, except for formats q and Q where it is an int64 / uint64. ('?' → 0.0/1.0,
 * 'c' → the byte.) Unsupported format → NotImplementedError. */
MV_API mv_status mv_view_tolist(const mv_view *v, void *out, mv_error *err);

/* iter(m) and m.count(): 0-dim → TypeError "invalid indexing of 0-dim memory",
 * ndim > 1 → NotImplementedError "multi-dimensional sub-views are not implemented",
 * unsupported format → NotImplementedError. */
MV_API mv_status mv_view_check_iterable(const mv_view *v, mv_error *err);
/* m.index(): 0-dim → TypeError "invalid lookup on 0-dim memory", ndim > 1 →
 * NotImplementedError "multi-dimensional lookup is not implemented". */
MV_API mv_status mv_view_check_lookup(const mv_view *v, mv_error *err);

/* m.count(value) (first_only 0: *out is the count) and m.index(value, start, stop)
 * (first_only 1: *out is the first index, or -1) over the items [start, stop)
 * of a 1-D view, 0 <= start <= stop <= shape[0] (the caller ran the checks
 * above and clamped the range). An item equals the value as Python's ==
 * compares the item's value with an int (MV_VAL_INT: one past 64 bits equals
 * only a float item of its exact value, intrange 3), a float (MV_VAL_FLOAT) or,
 * for 'c', bytes (MV_VAL_BYTES); any other value equals no item. A non-empty range with an unsupported format is CPython's
 * NotImplementedError, raised where CPython reads the first item. */
MV_API mv_status mv_view_lookup(const mv_view *v, const mv_value *value, mv_ssize start,
                                mv_ssize stop, int32_t first_only, mv_ssize *out, mv_error *err);

/* Beyond CPython: count and index over the records [start, stop) of a 1-D
 * record view: a record equals values[0 .. nvalues) when it has as many values
 * and each equals its value by Python's == (an MV_VAL_OTHER equals nothing). */
MV_API mv_status mv_view_lookup_record(const mv_view *v, const mv_value *values, mv_ssize nvalues,
                                       mv_ssize start, mv_ssize stop, int32_t first_only,
                                       mv_ssize *out, mv_error *err);

/* The bytes a view can touch: [buf + *lo, buf + *hi), with *lo <= 0 <= *hi
 * (both 0 for an empty view). Used to stage views of memory outside wasm. */
MV_API void mv_view_extent(const mv_view *v, mv_ssize *lo, mv_ssize *hi);
/* The runs of v's item bytes in C order, one a row of the last dimension when its
 * stride is the itemsize, else one an item (a 0-d view has one run): for
 * the binding to copy a view's items back into JS memory and not the gaps
 * between them, which another thread may be writing. Writes up to cap runs,
 * from run number `first`, into out as (offset from buf, bytes) pairs; returns
 * how many (0 when first is past the last run; an empty view has none). */
MV_API int32_t mv_view_runs(const mv_view *v, mv_ssize first, mv_ssize *out, int32_t cap);

/* The checks of mv_view_get (for_write 0) or mv_view_set (for_write 1), short of
 * converting a value, and the byte offset from buf of the element the key names. */
MV_API mv_status mv_view_locate(const mv_view *v, const double *index, int32_t nindex,
                                int32_t for_write, mv_ssize *offset, mv_error *err);

/* CPython's m == other for two live views: 1 or 0 (facts §7). */
MV_API int32_t mv_view_equals(const mv_view *a, const mv_view *b);

/* ------------------------------------------------------------------------- */
/* Search.                                                                    */

/* The first i with start <= i <= n - m where hay[i .. i + m) equals needle[0 .. m),
 * or -1 (bytes.find on hay[0 .. n)). A negative start counts as 0; an empty
 * needle matches at start when start <= n. */
MV_API mv_ssize mv_find(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                        mv_ssize start);
/* The last such i, or -1 (bytes.rfind); an empty needle matches at n when start <= n. */
MV_API mv_ssize mv_rfind(const uint8_t *hay, mv_ssize n, const uint8_t *needle, mv_ssize m,
                         mv_ssize start);

/* ------------------------------------------------------------------------- */
/* struct (facts §10). One compiled format, many calls.                       */
/*
 * A format is compiled once (mv_struct_compile) into an mv_struct plus an array of
 * mv_struct_code that the caller provides, sized by mv_struct_codes_bound; every
 * later call reads only that compiled form. Sizes and alignments are wasm32's in
 * every build ('@': l L n N P are 4 bytes, q Q d 8-aligned; '@' is little-endian).
 * Value i of a pack or unpack is field i in format order: one per item of a
 * repeated code, one per 's' or 'p' field, none for 'x'. For an int beyond 64
 * bits (intrange 2 or 3), pack reads i as the low 64 bits of its two's complement
 * (CPython's big-endian 'q'/'Q' leave them in a pack_into buffer on overflow).
 */

/* One run of values of a single code, or one 's'/'p' field. */
typedef struct mv_struct_code {
    mv_ssize offset;     /* byte offset of the run's first value in the struct */
    mv_ssize size;       /* bytes per value (the field's width for 's' and 'p') */
    mv_ssize repeat;     /* values in the run (1 for 's' and 'p') */
    const mv_code *code; /* the table entry of the format's mode */
    int32_t access;      /* mv_access of each value, with the struct's byte order */
} mv_struct_code;

typedef struct mv_struct {
    mv_ssize size;        /* calcsize(): bytes of one packed struct */
    mv_ssize nvalues;     /* values pack takes and unpack produces */
    mv_ssize ncodes;      /* entries used in codes */
    int32_t big_endian;   /* '>' and '!' ('@' and '=' are the host's order) */
    mv_struct_code *codes; /* the caller's array; must outlive the mv_struct */
} mv_struct;

/* An upper bound on the codes a format of len bytes compiles to (>= 0). */
MV_API mv_ssize mv_struct_codes_bound(const char *fmt, mv_ssize len);

/* Struct(fmt): fmt is len bytes (may hold NULs: "embedded null character").
 * codes has room for cap entries (cap >= mv_struct_codes_bound(fmt, len)).
 * Errors: struct.error "bad char in struct format", "repeat count given without
 * format specifier", "total struct size too long", "embedded null character". */
MV_API mv_status mv_struct_compile(const char *fmt, mv_ssize len, mv_struct_code *codes,
                                   mv_ssize cap, mv_struct *out, mv_error *err);

/* pack/pack_into argument counts, checked before anything else as CPython does.
 * nargs counts the arguments after the format: the values for pack (into == 0);
 * buffer, offset and values for pack_into (into == 1). */
MV_API mv_status mv_struct_check_pack_args(const mv_struct *s, mv_ssize nargs, int32_t into,
                                           mv_error *err);

/* struct.pack: writes s->size bytes at out from values[0 .. s->nvalues). The
 * bytes are zeroed first and fields written in order, so on failure out holds
 * the fields before the failing one (struct.error, or OverflowError for a float
 * too large for 'e'/'f'). */
MV_API mv_status mv_struct_pack(const mv_struct *s, uint8_t *out, const mv_value *values,
                                mv_error *err);

/* struct.pack_into(fmt, buffer, offset, ...): buffer must be a writable
 * C-contiguous view (the caller raised CPython's TypeError otherwise). offset as a
 * double (an int; out of ssize_t range → IndexError; NaN, for an argument that is
 * not an int → TypeError, which the caller words). Negative offsets count from
 * the end. Not atomic, as CPython: on a value error the region is zeroed and the
 * fields before the failing one are written. */
MV_API mv_status mv_struct_pack_into(const mv_struct *s, const mv_view *buffer, double offset,
                                     const mv_value *values, mv_error *err);

/* pack_into's offset checks alone, for a writable buffer of len bytes: what
 * mv_struct_pack_into raises for that offset, or MV_OK. CPython checks the
 * offset before it converts any value, so the binding asks before it runs
 * the values' user code. */
MV_API mv_status mv_struct_check_into(const mv_struct *s, mv_ssize len, double offset, mv_error *err);

/* struct.unpack: buffer must hold exactly s->size bytes. Fills out[0 ..
 * s->nvalues); bytes values ('c' 's' 'p') point into the buffer. A non-contiguous
 * view → BufferError. out NULL: the checks alone, and no byte is read (the
 * binding asks before it takes a big out, as CPython raises before it makes
 * the tuple); the same for mv_struct_unpack_from. */
MV_API mv_status mv_struct_unpack(const mv_struct *s, const mv_view *buffer, mv_value *out,
                                  mv_error *err);

/* struct.unpack_from(fmt, buffer, offset): offset as a double (out of ssize_t
 * range → OverflowError); negative offsets count from the end. */
MV_API mv_status mv_struct_unpack_from(const mv_struct *s, const mv_view *buffer, double offset,
                                       mv_value *out, mv_error *err);

/* struct.iter_unpack's checks, in CPython's order: call with buffer NULL before
 * converting the buffer (a zero-size struct is an error), then with the view
 * (C-contiguous, length a multiple of the size). Items are then read with
 * mv_struct_unpack_from at offsets 0, size, 2*size, ... */
MV_API mv_status mv_struct_iter_check(const mv_struct *s, const mv_view *buffer, mv_error *err);

#ifdef __cplusplus
}
#endif
#endif /* MEMVIEW_H */
