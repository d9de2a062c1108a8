/* format.c — the format-code table shared by memoryview and struct.
 *
 * One row per (code, mode class): native '@' uses the wasm32 C sizes and
 * alignments (l L n N P are 4 bytes; q Q d are 8-byte aligned); the standard
 * modes '=' '<' '>' '!' use struct's standard sizes, align 1, and have no
 * n N P. The native table is what a memoryview item format means. */
#include "internal.h"

#include <string.h>

static const mv_code native_codes[] = {
    {'x', MV_KIND_PAD, 1, 1},      {'c', MV_KIND_CHAR, 1, 1},
    {'b', MV_KIND_SIGNED, 1, 1},   {'B', MV_KIND_UNSIGNED, 1, 1},
    {'?', MV_KIND_BOOL, 1, 1},     {'h', MV_KIND_SIGNED, 2, 2},
    {'H', MV_KIND_UNSIGNED, 2, 2}, {'i', MV_KIND_SIGNED, 4, 4},
    {'I', MV_KIND_UNSIGNED, 4, 4}, {'l', MV_KIND_SIGNED, 4, 4},
    {'L', MV_KIND_UNSIGNED, 4, 4}, {'q', MV_KIND_SIGNED, 8, 8},
    {'Q', MV_KIND_UNSIGNED, 8, 8}, {'n', MV_KIND_SIGNED, 4, 4},
    {'N', MV_KIND_UNSIGNED, 4, 4}, {'e', MV_KIND_FLOAT, 2, 2},
    {'f', MV_KIND_FLOAT, 4, 4},    {'d', MV_KIND_FLOAT, 8, 8},
    {'s', MV_KIND_STRING, 1, 1},   {'p', MV_KIND_PASCAL, 1, 1},
    {'P', MV_KIND_POINTER, 4, 4},
};

static const mv_code standard_codes[] = {
    {'x', MV_KIND_PAD, 1, 1},      {'c', MV_KIND_CHAR, 1, 1},
    {'b', MV_KIND_SIGNED, 1, 1},   {'B', MV_KIND_UNSIGNED, 1, 1},
    {'?', MV_KIND_BOOL, 1, 1},     {'h', MV_KIND_SIGNED, 2, 1},
    {'H', MV_KIND_UNSIGNED, 2, 1}, {'i', MV_KIND_SIGNED, 4, 1},
    {'I', MV_KIND_UNSIGNED, 4, 1}, {'l', MV_KIND_SIGNED, 4, 1},
    {'L', MV_KIND_UNSIGNED, 4, 1}, {'q', MV_KIND_SIGNED, 8, 1},
    {'Q', MV_KIND_UNSIGNED, 8, 1}, {'e', MV_KIND_FLOAT, 2, 1},
    {'f', MV_KIND_FLOAT, 4, 1},    {'d', MV_KIND_FLOAT, 8, 1},
    {'s', MV_KIND_STRING, 1, 1},   {'p', MV_KIND_PASCAL, 1, 1},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const mv_code *find_code(const mv_code *table, size_t n, char code)
{
    for (size_t k = 0; k < n; k++)
        if (table[k].code == code)
            return &table[k];
    return NULL;
}

const mv_code *mv_code_lookup(char code, char mode)
{
    if (code == '\0')
        return NULL;
    switch (mode) {
    case '@':
        return find_code(native_codes, COUNT(native_codes), code);
    case '=':
    case '<':
    case '>':
    case '!':
        return find_code(standard_codes, COUNT(standard_codes), code);
    default:
        return NULL;
    }
}

int32_t mv_code_access(const mv_code *c)
{
    switch (c->kind) {
    case MV_KIND_SIGNED:
    case MV_KIND_UNSIGNED:
    case MV_KIND_POINTER: { /* 'P' reads unsigned; JS writes only values that fit unsigned */
        int u = c->kind != MV_KIND_SIGNED;
        switch (c->size) {
        case 1: return u ? MV_ACCESS_U8 : MV_ACCESS_I8;
        case 2: return u ? MV_ACCESS_U16 : MV_ACCESS_I16;
        case 4: return u ? MV_ACCESS_U32 : MV_ACCESS_I32;
        case 8: return u ? MV_ACCESS_U64 : MV_ACCESS_I64;
        }
        return MV_ACCESS_NONE;
    }
    case MV_KIND_FLOAT:
        return c->size == 4 ? MV_ACCESS_F32 : c->size == 8 ? MV_ACCESS_F64 : MV_ACCESS_NONE;
    case MV_KIND_BOOL:
        return MV_ACCESS_BOOL;
    case MV_KIND_CHAR:
    case MV_KIND_STRING: /* the field's bytes as they are */
        return MV_ACCESS_BYTES;
    default: /* x is no value, and p's length byte is C's */
        return MV_ACCESS_NONE;
    }
}

/* The codes memoryview can read and write: struct's native codes minus the
 * struct-only x s p. */
static int is_item_code(const mv_code *c)
{
    return c != NULL && c->kind != MV_KIND_PAD && c->kind != MV_KIND_STRING &&
           c->kind != MV_KIND_PASCAL;
}

const mv_code *mv_item_code(const char *format)
{
    const char *f = format[0] == '@' ? format + 1 : format;
    if (f[0] == '\0' || f[1] != '\0')
        return NULL;
    const mv_code *c = mv_code_lookup(f[0], '@');
    return is_item_code(c) ? c : NULL;
}

const mv_code *mv_item_code_bo(const char *format, int *big_endian)
{
    char mode = '@';
    const char *f = format;
    if (f[0] == '@' || f[0] == '=' || f[0] == '<' || f[0] == '>' || f[0] == '!')
        mode = *f++;
    if (f[0] == '\0' || f[1] != '\0')
        return NULL;
    const mv_code *c = mv_code_lookup(f[0], mode);
    if (!is_item_code(c))
        return NULL;
    /* '@' and '=' are the host's order: little-endian on every target. */
    *big_endian = mode == '>' || mode == '!';
    return c;
}

int32_t mv_format_big_endian(const char *format)
{
    int be = 0;
    return mv_item_code_bo(format, &be) != NULL && be;
}

int mv_record_format(const char *format, mv_struct *s, mv_struct_code *codes)
{
    int be;
    size_t len = strlen(format);
    if (len >= MV_FORMAT_MAX || mv_item_code_bo(format, &be) != NULL)
        return 0;
    mv_error ignored;
    if (mv_struct_compile(format, (mv_ssize)len, codes, MV_FORMAT_MAX, s, &ignored) != MV_OK)
        return 0;
    return s->size > 0 && s->nvalues > 0;
}

mv_ssize mv_record_size(const char *format)
{
    mv_struct s;
    mv_struct_code codes[MV_FORMAT_MAX];
    return mv_record_format(format, &s, codes) ? s.size : 0;
}

mv_ssize mv_item_size(const char *format)
{
    const mv_code *c = mv_item_code(format);
    return c != NULL ? c->size : 0;
}

mv_status mv_format_item(const char *format, const mv_code **out, mv_error *err)
{
    /* CPython's adjust_fmt, then unpack_single's switch: two distinct messages,
     * the first naming the stored format, the second the stripped one. */
    const char *f = format[0] == '@' ? format + 1 : format;
    if (f[0] == '\0' || f[1] != '\0') {
        mv_set_error(err, "memoryview: unsupported format %s", format);
        return MV_NOT_IMPLEMENTED_ERROR;
    }
    const mv_code *c = mv_item_code(format);
    if (c == NULL) {
        mv_set_error(err, "memoryview: format %s not supported", f);
        return MV_NOT_IMPLEMENTED_ERROR;
    }
    *out = c;
    return MV_OK;
}
