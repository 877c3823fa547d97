/* A small tool for the interoperability tests and for making test vectors:
 *   wpvector rich OUT.cbor        write the rich sample plan
 *   wpvector roundtrip IN OUT     load IN (CBOR or JSON) and save it as CBOR
 *   wpvector json IN              print IN as compact JSON */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static int die(const char *what)
{
    const wp_error *e = wp_error_last();
    fprintf(stderr, "wpvector: %s: %s (%s, offset %zu)\n", what, e->message,
            wp_error_code_name(e->code), e->offset);
    return 1;
}

/* One plan from a CBOR file or a JSON file (pretty or compact). */
static int load_any(wp_plan **out, const char *path)
{
    static uint8_t buf[1 << 22];
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n > 0 && buf[0] == '{')
        return wp_plan_from_json(out, (const char *)buf, n);
    return wp_plan_from_cbor(out, buf, n);
}

int main(int argc, char **argv)
{
    wp_plan *p;
    if (argc == 3 && strcmp(argv[1], "rich") == 0) {
        if (build_rich_plan(&p) < 0 || wp_plan_save(p, argv[2]) < 0)
            return die("rich");
    } else if (argc == 4 && strcmp(argv[1], "roundtrip") == 0) {
        if (load_any(&p, argv[2]) < 0)
            return die(argv[2]);
        if (wp_plan_save(p, argv[3]) < 0)
            return die(argv[3]);
    } else if (argc == 3 && strcmp(argv[1], "json") == 0) {
        char *json;
        if (load_any(&p, argv[2]) < 0 || wp_plan_to_json(&json, NULL, p, WP_JSON_PRETTY) < 0)
            return die(argv[2]);
        fputs(json, stdout);
        wp_free(json);
    } else {
        fprintf(stderr, "usage: wpvector rich OUT | roundtrip IN OUT | json IN\n");
        return 2;
    }
    wp_plan_free(p);
    return 0;
}
