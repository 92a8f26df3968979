// CSalonICU: the only place that includes ICU's headers. Swift modules import Foundation, whose own
// ICU clashes with the system ICU headers (UErrorCode is defined twice), so every ICU call we need is
// wrapped here behind a header that uses plain C types only.
#ifndef SALON_ICU_VERSION_H
#define SALON_ICU_VERSION_H

/// The ICU version we linked against, e.g. "72.1".
const char *salon_icu_version(void);

#endif
