/* The thread-local last error. No allocation: the message lives in a
 * fixed thread-local buffer, so reporting an out-of-memory error cannot
 * itself fail, and nothing leaks when a thread ends. */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#define WP__MSG_MAX 512

static _Thread_local char msg_buf[WP__MSG_MAX];
static _Thread_local wp_error last = {WP_OK, "", WP_NO_OFFSET, 0, 0};

/* Drop bytes that do not form valid UTF-8: a %.Ns cut may split a
 * character, and messages must stay valid UTF-8 for the bindings. */
static void sanitize(char *buf)
{
    size_t len = strlen(buf), r = 0, w = 0;
    while (r < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)buf + r,
                                              (utf8proc_ssize_t)(len - r), &cp);
        if (n < 0 || cp < 0) {
            r++;
            continue;
        }
        memmove(buf + w, buf + r, (size_t)n);
        w += (size_t)n;
        r += (size_t)n;
    }
    buf[w] = '\0';
}

static int vset(int code, size_t offset, int line, int column, const char *fmt, va_list ap)
{
    if (vsnprintf(msg_buf, sizeof msg_buf, fmt, ap) < 0)
        msg_buf[0] = '\0';
    sanitize(msg_buf);
    last.code = code;
    last.message = msg_buf;
    last.offset = offset;
    last.line = line;
    last.column = column;
    return code;
}

int wp__err(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(code, WP_NO_OFFSET, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

int wp__err_at(int code, size_t offset, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(code, offset, line, column, fmt, ap);
    va_end(ap);
    return code;
}

int wp__err_nomem(void) { return wp__err(WP_ENOMEM, "out of memory"); }

const wp_error *wp_error_last(void)
{
    if (last.message == NULL)
        last.message = "";
    return &last;
}

void wp_error_clear(void)
{
    msg_buf[0] = '\0';
    last = (wp_error){WP_OK, msg_buf, WP_NO_OFFSET, 0, 0};
}

const char *wp_error_code_name(int code)
{
    static const char *const names[] = {
        "WP_OK",       "WP_ERROR",   "WP_ENOMEM",    "WP_EINVAL", "WP_ENOTFOUND",
        "WP_EEXISTS",  "WP_EUTF8",   "WP_ESTRUCTURE", "WP_EREMOVED", "WP_EIO",
        "WP_EFORMAT",  "WP_EVERSION", "WP_ELIMIT",   "WP_ESYNTAX", "WP_ITEROVER",
        "WP_ENOTSUP",
    };
    if (code > 0 || -code >= (int)(sizeof names / sizeof names[0]))
        return NULL;
    return names[-code];
}
