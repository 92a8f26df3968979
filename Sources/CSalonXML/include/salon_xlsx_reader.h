// salon_xlsx_reader: streaming readers for the XML parts of an Office Open XML workbook (.xlsx)
// over libxml2's xmlTextReader.
//
// Why this exists: libxml2's headers pull in ICU, which clashes with Foundation's, so Swift never
// sees them. The bytes come from the caller through a read callback (the caller inflates the zip
// entry as libxml2 asks for more), so a worksheet is parsed as it is inflated and never held whole.
//
// Two readers:
// - the sheet reader walks worksheet > sheetData > row > c and hands back one row at a time, with
//   each cell's column (from its r="C7" reference), its t= type, its s= style index and its text
//   (the <v> value, or the concatenated <t> runs of an inline string, phonetic runs left out);
// - the part reader is a plain element/text walker for the small parts (workbook, relationships,
//   styles, shared strings), which Swift interprets.
//
// Security: the same hardening as salon_xml_reader.h: no DTD loading, no entity substitution, no
// network, libxml2's default size and depth limits; a DOCTYPE or entity reference stops the reader
// with SALON_XLSX_DOCTYPE. Nothing is sized from r= or <dimension>: a row holds at most
// SALON_XLSX_MAX_COLUMNS cells and the same text limits as SpreadsheetML rows.
#ifndef SALON_XLSX_READER_H
#define SALON_XLSX_READER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Excel's column limit (XFD).
#define SALON_XLSX_MAX_COLUMNS 16384
/// Excel's row limit.
#define SALON_XLSX_MAX_ROWS 1048576
/// Same cell and row text limits as the SpreadsheetML reader.
#define SALON_XLSX_MAX_CELL_BYTES (1 << 20)
#define SALON_XLSX_MAX_ROW_BYTES (16 << 20)

/// Supplies up to `length` bytes into `buffer`: returns the count, 0 at the end, -1 on failure
/// (the reader then stops with SALON_XLSX_INPUT_FAILED; the caller knows why).
typedef int (*salon_xlsx_read_fn)(void *context, char *buffer, int length);

/// Results of the *_next functions (events are >= 0, failures < 0).
enum {
    SALON_XLSX_END = 0,
    /// Sheet reader: a row is complete.
    SALON_XLSX_ROW = 1,
    /// Part reader: an element starts (see salon_xlsx_part_name / _attribute / _is_empty).
    SALON_XLSX_ELEMENT = 2,
    /// Part reader: an element ends (also reported right after an empty element).
    SALON_XLSX_ELEMENT_END = 3,
    /// Part reader: text or CDATA (salon_xlsx_part_text).
    SALON_XLSX_TEXT = 4,

    SALON_XLSX_MALFORMED = -2,
    SALON_XLSX_DOCTYPE = -3,
    /// Sheet reader: the root element is not a worksheet.
    SALON_XLSX_NOT_WORKSHEET = -4,
    SALON_XLSX_NO_MEMORY = -5,
    /// The read callback returned -1.
    SALON_XLSX_INPUT_FAILED = -6,
};

/// Row flags (salon_xlsx_row_flags).
enum {
    /// A cell reference or row number went backwards, was not a reference, or passed Excel's
    /// limits; salon_xlsx_row_bad_index holds the offending column (or row), -1 when unreadable.
    SALON_XLSX_ROW_INDEX_OUT_OF_RANGE = 1,
    /// A cell or the row exceeded the text limits.
    SALON_XLSX_ROW_TEXT_TOO_LONG = 2,
};

/// A cell's t= attribute.
enum {
    /// t="n" or absent: a number, possibly a date by its style.
    SALON_XLSX_CELL_NUMBER = 0,
    /// t="s": the text is an index into the shared strings.
    SALON_XLSX_CELL_SHARED = 1,
    SALON_XLSX_CELL_INLINE = 2,
    /// t="str": a formula's text result.
    SALON_XLSX_CELL_FORMULA_STRING = 3,
    SALON_XLSX_CELL_BOOLEAN = 4,
    SALON_XLSX_CELL_ERROR = 5,
    /// t="d": an ISO 8601 date text.
    SALON_XLSX_CELL_DATE = 6,
    SALON_XLSX_CELL_OTHER = 7,
};

typedef struct salon_xlsx_cell {
    /// 1-based column from r=, or the one after the previous cell when r is absent.
    long column;
    /// s= style index (0 when absent).
    long style;
    int type;
    size_t text_offset;
    size_t text_length;
} salon_xlsx_cell;

typedef struct salon_xlsx_sheet salon_xlsx_sheet;

/// Opens a worksheet stream. Returns NULL when out of memory.
salon_xlsx_sheet *salon_xlsx_sheet_open(salon_xlsx_read_fn read, void *context);
void salon_xlsx_sheet_close(salon_xlsx_sheet *sheet);
/// SALON_XLSX_ROW, SALON_XLSX_END or a failure; after a failure it keeps returning it.
int salon_xlsx_sheet_next(salon_xlsx_sheet *sheet);
long salon_xlsx_row_number(const salon_xlsx_sheet *sheet);
int salon_xlsx_row_flags(const salon_xlsx_sheet *sheet);
long salon_xlsx_row_bad_index(const salon_xlsx_sheet *sheet);
const salon_xlsx_cell *salon_xlsx_row_cells(const salon_xlsx_sheet *sheet, int *count);
const char *salon_xlsx_row_text(const salon_xlsx_sheet *sheet);
const char *salon_xlsx_sheet_error_message(const salon_xlsx_sheet *sheet);
int salon_xlsx_sheet_error_line(const salon_xlsx_sheet *sheet);

typedef struct salon_xlsx_part salon_xlsx_part;

/// Opens a part held in memory (`bytes` must outlive the reader). Returns NULL when out of memory.
salon_xlsx_part *salon_xlsx_part_open(const char *bytes, int length);
void salon_xlsx_part_close(salon_xlsx_part *part);
/// SALON_XLSX_ELEMENT, _ELEMENT_END, _TEXT, _END or a failure.
int salon_xlsx_part_next(salon_xlsx_part *part);
/// Local name of the current element (no prefix), UTF-8.
const char *salon_xlsx_part_name(const salon_xlsx_part *part);
/// Depth of the current node (the root element is 0).
int salon_xlsx_part_depth(const salon_xlsx_part *part);
/// Value of the current element's attribute with this local name (any namespace), or NULL.
const char *salon_xlsx_part_attribute(const salon_xlsx_part *part, const char *local_name);
/// Text of the current SALON_XLSX_TEXT node.
const char *salon_xlsx_part_text(const salon_xlsx_part *part);
const char *salon_xlsx_part_error_message(const salon_xlsx_part *part);
int salon_xlsx_part_error_line(const salon_xlsx_part *part);

#ifdef __cplusplus
}
#endif

#endif
