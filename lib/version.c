#include "internal.h"

const char *wp_version(void) { return WP_VERSION_STRING; }
int wp_version_number(void) { return WP_VERSION_NUMBER; }
