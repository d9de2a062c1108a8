/* message.c — mv_set_error, the one writer of err->msg.
 *
 * The core's messages need only %s %c %d %ld %lld %llu and %%. libc's
 * vsnprintf would bring its whole printf (floats, widths, wide characters:
 * 7.4 KB of the wasm's 53), so this writes those conversions itself. The
 * output is vsnprintf's for them, truncated the same way (the first
 * MV_ERROR_MSG_MAX - 1 bytes, then NUL); c/tests/message_test.c compares
 * the two. A conversion outside that set is a bug in the caller (the test
 * "the C core formats its messages with the conversions mv_set_error
 * writes", tests/errors.test.js, fails on any such use): the rest of the
 * format is written as it stands, and no further argument is read, since
 * its type is unknown. */
#include "internal.h"

typedef struct {
    char *out;
    size_t len, cap; /* cap counts the NUL */
} msg_buf;

static void put_char(msg_buf *b, char c)
{
    if (b->len + 1 < b->cap) b->out[b->len++] = c;
}

static void put_text(msg_buf *b, const char *s)
{
    while (*s != '\0') put_char(b, *s++);
}

static void put_unsigned(msg_buf *b, unsigned long long v)
{
    char digits[20]; /* 2^64 - 1 has 20 */
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) put_char(b, digits[--n]);
}

static void put_signed(msg_buf *b, long long v)
{
    if (v < 0) {
        put_char(b, '-');
        put_unsigned(b, 0ULL - (unsigned long long)v); /* LLONG_MIN too */
    } else {
        put_unsigned(b, (unsigned long long)v);
    }
}

/* Writes one conversion, whose text starts at spec (after the '%'); returns
 * the first character after it, or NULL for a conversion outside the set. */
static const char *put_conversion(msg_buf *b, const char *spec, va_list *ap)
{
    const char *p = spec;
    int longs = 0;
    while (*p == 'l' && longs < 2) {
        longs++;
        p++;
    }
    switch (*p) {
    case 's':
        if (longs == 0) {
            put_text(b, va_arg(*ap, const char *));
            return p + 1;
        }
        break;
    case 'c':
        if (longs == 0) {
            put_char(b, (char)va_arg(*ap, int));
            return p + 1;
        }
        break;
    case 'd':
        if (longs == 0) put_signed(b, va_arg(*ap, int));
        else if (longs == 1) put_signed(b, va_arg(*ap, long));
        else put_signed(b, va_arg(*ap, long long));
        return p + 1;
    case 'u':
        if (longs == 2) {
            put_unsigned(b, va_arg(*ap, unsigned long long));
            return p + 1;
        }
        break;
    case '%':
        if (longs == 0) {
            put_char(b, '%');
            return p + 1;
        }
        break;
    }
    return NULL;
}

void mv_set_error(mv_error *err, const char *fmt, ...)
{
    msg_buf b = {err->msg, 0, sizeof err->msg};
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p != '\0';) {
        if (*p != '%') {
            put_char(&b, *p++);
            continue;
        }
        const char *next = put_conversion(&b, p + 1, &ap);
        if (next == NULL) { /* outside the set: the rest as it stands */
            put_text(&b, p);
            break;
        }
        p = next;
    }
    va_end(ap);
    b.out[b.len] = '\0';
}
