/*
 * Readers: format detection by content, routing to the .docx, HTML and text
 * readers, and the text buffer the readers write into.
 */
#include "readers.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <string.h>

/* ---- text buffer ----------------------------------------------------------- */

void wp__sb_put(wp__sb *sb, const char *s, size_t n)
{
    if (sb->rc < 0 || n == 0)
        return;
    if (sb->limit > 0 && sb->len + n > sb->limit) {
        sb->rc = wp__err(WP_ELIMIT, "import: the document's text exceeds %zu bytes", sb->limit);
        return;
    }
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 4096;
        char *p;
        while (cap < sb->len + n + 1)
            cap *= 2;
        if ((p = wp__realloc(sb->s, cap)) == NULL) {
            sb->rc = wp__err_nomem();
            return;
        }
        sb->s = p, sb->cap = cap;
    }
    memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void wp__sb_puts(wp__sb *sb, const char *s) { wp__sb_put(sb, s, strlen(s)); }

void wp__sb_putc(wp__sb *sb, char c) { wp__sb_put(sb, &c, 1); }

void wp__sb_put_cell(wp__sb *sb, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            wp__sb_put(sb, s + start, i - start);
            wp__sb_putc(sb, ' ');
            start = i + 1;
        }
    }
    wp__sb_put(sb, s + start, n - start);
}

void wp__sb_eol(wp__sb *sb)
{
    if (sb->len > 0 && sb->s[sb->len - 1] != '\n')
        wp__sb_putc(sb, '\n');
}

void wp__sb_free(wp__sb *sb)
{
    wp__free(sb->s);
    memset(sb, 0, sizeof *sb);
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init_once(void) { xmlInitParser(); }

void wp__xml_init(void) { pthread_once(&xml_once, xml_init_once); }

/* ---- detection ------------------------------------------------------------- */

static bool has(const void *data, size_t len, const void *needle, size_t n)
{
    const unsigned char *d = data, *end = d + len;
    if (n == 0 || len < n)
        return n == 0;
    while ((d = memchr(d, *(const unsigned char *)needle, (size_t)(end - d) - n + 1)) != NULL) {
        if (memcmp(d, needle, n) == 0)
            return true;
        if ((size_t)(end - ++d) < n)
            break;
    }
    return false;
}

static bool starts(const unsigned char *d, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive: does s[0..len) start with the ASCII word w? */
static bool starts_ci(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != w[i])
            return false;
    return true;
}

/* HTML: a document that opens with the tag of a page (after a BOM, spaces
 * and an XML declaration). A text with tags left in it further down (a page
 * copied as text: <p>, &nbsp;) is text: the importer drops the remnants,
 * and reading it as a page lost the lines before the first tag. */
static bool looks_html(const char *s, size_t len)
{
    static const char *const opening[] = {"<!doctype html", "<html", "<head", "<body", "<meta",
                                          "<title", "<div", "<p>", "<p ", "<table", "<!--",
                                          "<script", "<style", "<link", "<h1", "<h2", "<span"};
    size_t i = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    if (starts_ci(s + i, len - i, "<?xml")) {
        /* XHTML: an XML declaration, then the page */
        const char *gt = memchr(s + i, '>', len - i);
        if (gt == NULL)
            return false;
        i = (size_t)(gt - s) + 1;
        while (i < len && (s[i] == ' ' || s[i] == '\r' || s[i] == '\n' || s[i] == '\t'))
            i++;
    }
    if (i < len && s[i] == '<') {
        for (size_t k = 0; k < sizeof opening / sizeof *opening; k++)
            if (starts_ci(s + i, len - i, opening[k]))
                return true;
    }
    return false;
}

wp__format wp__sniff(const void *data, size_t len)
{
    const unsigned char *d = data;
    size_t head = len < 8192 ? len : 8192;
    if (starts(d, len, "%PDF-", 5))
        return WP__FMT_PDF;
    if (starts(d, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e";
        return has(d, len, enc, sizeof enc - 1) ? WP__FMT_ENCRYPTED : WP__FMT_OLE;
    }
    if (starts(d, len, "PK\x03\x04", 4) || starts(d, len, "PK\x05\x06", 4))
        return has(d, len, "word/", 5) ? WP__FMT_DOCX : WP__FMT_ZIP;
    if (starts(d, len, "{\\rtf", 5))
        return WP__FMT_RTF;
    if (starts(d, len, "\x89PNG", 4) || starts(d, len, "\xFF\xD8\xFF", 3) ||
        starts(d, len, "GIF8", 4) || starts(d, len, "II*\0", 4) || starts(d, len, "MM\0*", 4) ||
        (starts(d, len, "RIFF", 4) && len >= 12 && memcmp(d + 8, "WEBP", 4) == 0))
        return WP__FMT_IMAGE;
    if (starts(d, len, "\x1F\x8B", 2) || starts(d, len, "7z\xBC\xAF\x27\x1C", 6) ||
        starts(d, len, "Rar!\x1A\x07", 6))
        return WP__FMT_ARCHIVE;
    if (looks_html(data, len))
        return WP__FMT_HTML;
    /* NUL bytes early on: not text (UTF-16 is not read either). */
    if (memchr(d, '\0', head) != NULL)
        return WP__FMT_BINARY;
    return WP__FMT_TEXT;
}

const char *wp__format_name(wp__format f)
{
    switch (f) {
    case WP__FMT_TEXT: return "text";
    case WP__FMT_HTML: return "an HTML page";
    case WP__FMT_DOCX: return "a Word document (.docx)";
    case WP__FMT_ZIP: return "a zip archive";
    case WP__FMT_OLE: return "an old-style Office file (.doc, .xls or .ppt: OLE compound file)";
    case WP__FMT_ENCRYPTED: return "an encrypted (password-protected) Office document";
    case WP__FMT_PDF: return "a PDF file";
    case WP__FMT_RTF: return "an RTF document";
    case WP__FMT_IMAGE: return "an image";
    case WP__FMT_ARCHIVE: return "a compressed archive (gzip, 7z or rar)";
    case WP__FMT_BINARY: return "a binary file";
    }
    return "unknown";
}

/* What to do with a format workplan does not read. */
static const char *advice(wp__format f, const void *data, size_t len)
{
    switch (f) {
    case WP__FMT_ZIP:
        if (has(data, len, "xl/", 3))
            return "it is an Excel workbook (.xlsx), not a Word document: save the sheet as CSV "
                   "or the plan as .docx or text";
        if (has(data, len, "ppt/", 4))
            return "it is a PowerPoint file (.pptx), not a Word document: save the plan as "
                   ".docx or text";
        return "it holds no word/document.xml, so it is not a Word document: unpack it and "
               "import the .docx or text inside";
    case WP__FMT_OLE:
        return "open it in Word or WPS and save it as .docx (or as text)";
    case WP__FMT_ENCRYPTED:
        return "remove the password in Word (File > Info > Protect Document) and save it as "
               ".docx";
    case WP__FMT_PDF:
        return "save it as .docx or text (e.g. open it in Word, or copy its text out)";
    case WP__FMT_RTF:
        return "open it in Word or WPS and save it as .docx (or as text)";
    case WP__FMT_IMAGE:
        return "workplan reads text, not scans: run OCR and import the text";
    case WP__FMT_ARCHIVE:
        return "unpack it and import the document inside";
    default:
        return "save the plan as .docx, HTML or UTF-8 text";
    }
}

static int import_any(wp_plan **out, wp_import_report **report, const void *data, size_t len,
                      const wp_import_options *options, const char *what, char *writable);

int wp__import_any(wp_plan **out, wp_import_report **report, const void *data, size_t len,
                   const wp_import_options *options, const char *what)
{
    return import_any(out, report, data, len, options, what, NULL);
}

int wp__import_any_mut(wp_plan **out, wp_import_report **report, char *data, size_t len,
                       const wp_import_options *options, const char *what)
{
    return import_any(out, report, data, len, options, what, data);
}

/* writable: data itself when it may be changed, else NULL. */
static int import_any(wp_plan **out, wp_import_report **report, const void *data, size_t len,
                      const wp_import_options *options, const char *what, char *writable)
{
    wp__format f;
    if (report != NULL)
        *report = NULL;
    if (out == NULL || (data == NULL && len > 0))
        return wp__err(WP_EINVAL, "import: NULL argument");
    *out = NULL;
    f = wp__sniff(data, len);
    switch (f) {
    case WP__FMT_TEXT:
        /* (wp_import_text would find it is not HTML again) */
        if (writable != NULL && writable == data)
            return wp__import_plain_mut(out, report, writable, len, options);
        return wp_import_text(out, report, data, len, options);
    case WP__FMT_HTML:
        return wp_import_html(out, report, data, len, options);
    case WP__FMT_DOCX:
        return wp_import_docx(out, report, data, len, options);
    default:
        return wp__err(WP_EFORMAT, "import: %s%sthis is %s; %s", what ? what : "",
                       what ? ": " : "", wp__format_name(f), advice(f, data, len));
    }
}
