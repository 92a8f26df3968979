#include "salon_icu_version.h"
#include <unicode/uversion.h>

const char *salon_icu_version(void) { return U_ICU_VERSION; }
