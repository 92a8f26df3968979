#include "salon_xml_version.h"
#include <libxml/xmlversion.h>

const char *salon_xml_version(void) { return LIBXML_VERSION_STRING; }
