// salon_xml_pipeline: the SpreadsheetML row reader of salon_xml_reader.h, run ahead on its own
// thread. libxml2's parsing and the row walk happen on a producer thread that copies finished rows
// into a small ring of batches; the caller consumes them. The events, rows, limits and security
// rules are exactly those of salon_xml_reader; only where the work happens differs, so the parser
// and the Swift code that builds records from rows use both cores.
//
// Memory: at most SALON_XML_PIPE_BATCHES batches of up to 256 rows or 256 KiB of text each (a
// single row over that, up to SALON_XML_MAX_ROW_BYTES, makes its batch larger).
#ifndef SALON_XML_PIPELINE_H
#define SALON_XML_PIPELINE_H

#include "salon_xml_reader.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SALON_XML_PIPE_BATCHES 4

typedef struct salon_xml_pipe salon_xml_pipe;

/// Opens `path` and starts the producer thread. NULL on failure with *status set as salon_xml_open.
salon_xml_pipe *salon_xml_pipe_open(const char *path, int *status);

/// Stops the producer (wherever it is) and frees everything.
void salon_xml_pipe_close(salon_xml_pipe *pipe);

/// The next event the reader handed over (SALON_XML_SHEET, SALON_XML_ROW), then SALON_XML_END or the
/// failure salon_xml_run returned; after that every call returns it again. Data of the previous
/// event stays valid until this is called again.
int salon_xml_pipe_next(salon_xml_pipe *pipe);

/// The rest of the current worksheet is not returned (and its rows are not built, when the
/// producer has not passed them yet; the XML is still parsed). A failure met meanwhile comes from
/// the next salon_xml_pipe_next. Returns 0.
int salon_xml_pipe_skip_sheet(salon_xml_pipe *pipe);

const char *salon_xml_pipe_sheet_name(const salon_xml_pipe *pipe);
long salon_xml_pipe_row_number(const salon_xml_pipe *pipe);
int salon_xml_pipe_row_flags(const salon_xml_pipe *pipe);
long salon_xml_pipe_row_bad_index(const salon_xml_pipe *pipe);
const salon_xml_cell *salon_xml_pipe_row_cells(const salon_xml_pipe *pipe, int *count);
const char *salon_xml_pipe_row_text(const salon_xml_pipe *pipe);
const char *salon_xml_pipe_error_message(const salon_xml_pipe *pipe);
int salon_xml_pipe_error_line(const salon_xml_pipe *pipe);
/// Bytes of the file the producer had parsed when the current event's batch was handed over.
long long salon_xml_pipe_bytes_consumed(const salon_xml_pipe *pipe);

#ifdef __cplusplus
}
#endif

#endif
