// CSalonXML: the only place that includes libxml2's headers (they pull in ICU, which clashes with
// Foundation's). Swift sees plain C types only.
#ifndef SALON_XML_VERSION_H
#define SALON_XML_VERSION_H

/// The libxml2 version we run against, e.g. "20914".
const char *salon_xml_version(void);

#endif
