#include "salon_xml_pipeline.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

enum { batch_events = 256, batch_text = 256 * 1024 };

typedef struct pipe_event {
    int kind;  // SALON_XML_SHEET, SALON_XML_ROW, SALON_XML_END, or a failure (< 0)
    long row_number;
    int flags;
    long bad_index;
    size_t cell_start;
    int cell_count;
    size_t text_start;  // the row's text, or the sheet's NUL-terminated name
} pipe_event;

typedef struct pipe_batch {
    pipe_event *events;
    int count;
    int capacity;
    salon_xml_cell *cells;
    size_t cell_count;
    size_t cell_capacity;
    char *text;
    size_t text_length;
    size_t text_capacity;
    long long bytes_consumed;
} pipe_batch;

struct salon_xml_pipe {
    salon_xml_reader *reader;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    pipe_batch batches[SALON_XML_PIPE_BATCHES];
    // Shared, under lock: batches handed over and not yet given back.
    int filled;
    // Shared without the lock (the producer reads them once per row): the consumer's stop, and the
    // ordinal of the worksheet the consumer skips (0: none).
    atomic_int stop;
    atomic_long skip_sheet;
    char error_message[512];
    int error_line;
    // The producer's side.
    int write;
    long sheet;
    int out_of_memory;
    // The consumer's side.
    int head;
    pipe_batch *current;
    int position;
    const pipe_event *event;
    int finished;
    int finished_code;
    long sheets_seen;
    int skipping;
    long long bytes;
};

static int reserve(void **buffer, size_t *capacity, size_t needed, size_t element) {
    if (needed <= *capacity) return 0;
    size_t grown = *capacity ? *capacity : 64;
    while (grown < needed) grown *= 2;
    void *moved = realloc(*buffer, grown * element);
    if (moved == NULL) return -1;
    *buffer = moved;
    *capacity = grown;
    return 0;
}

static int add_text(pipe_batch *batch, const char *text, size_t length, int terminate) {
    size_t capacity = batch->text_capacity;
    void *buffer = batch->text;
    if (reserve(&buffer, &capacity, batch->text_length + length + 1, 1) < 0) return -1;
    batch->text = buffer;
    batch->text_capacity = capacity;
    if (length > 0) memcpy(batch->text + batch->text_length, text, length);
    batch->text_length += length;
    if (terminate) batch->text[batch->text_length++] = '\0';
    return 0;
}

static pipe_event *add_event(pipe_batch *batch, int kind) {
    size_t capacity = (size_t)batch->capacity;
    void *buffer = batch->events;
    if (reserve(&buffer, &capacity, (size_t)batch->count + 1, sizeof(pipe_event)) < 0) return NULL;
    batch->events = buffer;
    batch->capacity = (int)capacity;
    pipe_event *event = &batch->events[batch->count++];
    memset(event, 0, sizeof(*event));
    event->kind = kind;
    event->text_start = batch->text_length;
    event->cell_start = batch->cell_count;
    return event;
}

// Copies what the reader hands over (a sheet or a row) into the batch; -1 when memory runs out.
static int copy_event(pipe_batch *batch, const salon_xml_reader *reader, int kind) {
    pipe_event *event = add_event(batch, kind);
    if (event == NULL) return -1;
    if (kind == SALON_XML_SHEET) {
        const char *name = salon_xml_sheet_name(reader);
        return add_text(batch, name, strlen(name), 1);
    }
    if (kind != SALON_XML_ROW) return 0;
    int count = 0;
    const salon_xml_cell *cells = salon_xml_row_cells(reader, &count);
    event->row_number = salon_xml_row_number(reader);
    event->flags = salon_xml_row_flags(reader);
    event->bad_index = salon_xml_row_bad_index(reader);
    event->cell_count = count;
    size_t capacity = batch->cell_capacity;
    void *buffer = batch->cells;
    if (reserve(&buffer, &capacity, batch->cell_count + (size_t)count, sizeof(salon_xml_cell)) < 0) return -1;
    batch->cells = buffer;
    batch->cell_capacity = capacity;
    if (count > 0) memcpy(batch->cells + batch->cell_count, cells, (size_t)count * sizeof(salon_xml_cell));
    batch->cell_count += (size_t)count;
    // Cell offsets are relative to the row's text, which is copied whole.
    return add_text(batch, salon_xml_row_text(reader), salon_xml_row_text_length(reader), 0);
}

static void reset(pipe_batch *batch) {
    batch->count = 0;
    batch->cell_count = 0;
    batch->text_length = 0;
}

// Hands the batch being written to the consumer and waits for the next one to be free; -1 when the
// consumer stopped the pipe meanwhile.
static int hand_over(salon_xml_pipe *pipe) {
    pipe->batches[pipe->write].bytes_consumed = salon_xml_bytes_consumed(pipe->reader);
    pthread_mutex_lock(&pipe->lock);
    pipe->filled++;
    pthread_cond_broadcast(&pipe->changed);
    while (pipe->filled == SALON_XML_PIPE_BATCHES && !atomic_load(&pipe->stop)) pthread_cond_wait(&pipe->changed, &pipe->lock);
    pthread_mutex_unlock(&pipe->lock);
    if (atomic_load(&pipe->stop)) return -1;
    pipe->write = (pipe->write + 1) % SALON_XML_PIPE_BATCHES;
    reset(&pipe->batches[pipe->write]);
    return 0;
}

// The reader's sink, on the producer thread: each sheet and row goes into the batch being written.
static int take(void *context, int kind, const salon_xml_reader *reader) {
    salon_xml_pipe *pipe = context;
    if (atomic_load_explicit(&pipe->stop, memory_order_relaxed)) return SALON_XML_STOP;
    if (kind == SALON_XML_SHEET) {
        pipe->sheet++;
    } else if (atomic_load_explicit(&pipe->skip_sheet, memory_order_relaxed) == pipe->sheet) {
        // The consumer skips this worksheet: its rows are no longer built or copied.
        return SALON_XML_SKIP_SHEET;
    }
    pipe_batch *batch = &pipe->batches[pipe->write];
    if (copy_event(batch, reader, kind) < 0) {
        pipe->out_of_memory = 1;
        return SALON_XML_STOP;
    }
    if (batch->count >= batch_events || batch->text_length >= batch_text) {
        if (hand_over(pipe) < 0) return SALON_XML_STOP;
    }
    return SALON_XML_CONTINUE;
}

static void *produce(void *argument) {
    salon_xml_pipe *pipe = argument;
    int kind = salon_xml_run(pipe->reader, take, pipe);
    if (atomic_load(&pipe->stop)) return NULL;
    pipe_batch *batch = &pipe->batches[pipe->write];
    if (pipe->out_of_memory) {
        // The batch may hold a half-copied row; what it held before is given up with it.
        reset(batch);
        kind = SALON_XML_NO_MEMORY;
    }
    // Never fails: every batch holds room for batch_events events from the start, and a batch is
    // handed over as soon as it is full.
    add_event(batch, kind);
    batch->bytes_consumed = salon_xml_bytes_consumed(pipe->reader);
    pthread_mutex_lock(&pipe->lock);
    strncpy(pipe->error_message, salon_xml_error_message(pipe->reader), sizeof(pipe->error_message) - 1);
    pipe->error_line = salon_xml_error_line(pipe->reader);
    pipe->filled++;
    pthread_cond_broadcast(&pipe->changed);
    pthread_mutex_unlock(&pipe->lock);
    return NULL;
}

// Frees what salon_xml_pipe_open allocated once no producer thread runs.
static void free_pipe(salon_xml_pipe *pipe) {
    salon_xml_close(pipe->reader);
    for (int index = 0; index < SALON_XML_PIPE_BATCHES; index++) {
        free(pipe->batches[index].events);
        free(pipe->batches[index].cells);
        free(pipe->batches[index].text);
    }
    free(pipe);
}

salon_xml_pipe *salon_xml_pipe_open(const char *path, int *status) {
    // Once, before any second thread touches libxml2.
    xmlInitParser();
    salon_xml_pipe *pipe = calloc(1, sizeof(*pipe));
    if (pipe == NULL) {
        *status = SALON_XML_NO_MEMORY;
        return NULL;
    }
    pipe->reader = salon_xml_open(path, status);
    if (pipe->reader == NULL) {
        free(pipe);
        return NULL;
    }
    // Room for a full batch of events from the start, so the terminal event always fits.
    for (int index = 0; index < SALON_XML_PIPE_BATCHES; index++) {
        pipe_batch *batch = &pipe->batches[index];
        batch->events = malloc(batch_events * sizeof(pipe_event));
        if (batch->events == NULL) {
            free_pipe(pipe);
            *status = SALON_XML_NO_MEMORY;
            return NULL;
        }
        batch->capacity = batch_events;
    }
    atomic_init(&pipe->stop, 0);
    atomic_init(&pipe->skip_sheet, 0);
    pthread_mutex_init(&pipe->lock, NULL);
    pthread_cond_init(&pipe->changed, NULL);
    if (pthread_create(&pipe->thread, NULL, produce, pipe) != 0) {
        pthread_mutex_destroy(&pipe->lock);
        pthread_cond_destroy(&pipe->changed);
        free_pipe(pipe);
        *status = SALON_XML_NO_MEMORY;
        return NULL;
    }
    *status = 0;
    return pipe;
}

void salon_xml_pipe_close(salon_xml_pipe *pipe) {
    if (pipe == NULL) return;
    pthread_mutex_lock(&pipe->lock);
    atomic_store(&pipe->stop, 1);
    pthread_cond_broadcast(&pipe->changed);
    pthread_mutex_unlock(&pipe->lock);
    pthread_join(pipe->thread, NULL);
    pthread_mutex_destroy(&pipe->lock);
    pthread_cond_destroy(&pipe->changed);
    free_pipe(pipe);
}

int salon_xml_pipe_next(salon_xml_pipe *pipe) {
    if (pipe->finished) return pipe->finished_code;
    for (;;) {
        pipe_batch *batch = pipe->current;
        if (batch != NULL && pipe->position < batch->count) {
            const pipe_event *event = &batch->events[pipe->position++];
            if (pipe->skipping) {
                if (event->kind == SALON_XML_ROW) continue;
                pipe->skipping = 0;
            }
            pipe->event = event;
            pipe->bytes = batch->bytes_consumed;
            if (event->kind == SALON_XML_SHEET) pipe->sheets_seen++;
            if (event->kind != SALON_XML_SHEET && event->kind != SALON_XML_ROW) {
                pipe->finished = 1;
                pipe->finished_code = event->kind;
            }
            return event->kind;
        }
        pthread_mutex_lock(&pipe->lock);
        if (batch != NULL) {
            // Give the batch back; the previous event's data is no longer needed.
            pipe->filled--;
            pipe->head = (pipe->head + 1) % SALON_XML_PIPE_BATCHES;
            pthread_cond_broadcast(&pipe->changed);
        }
        while (pipe->filled == 0) pthread_cond_wait(&pipe->changed, &pipe->lock);
        pipe->current = &pipe->batches[pipe->head];
        pipe->position = 0;
        pthread_mutex_unlock(&pipe->lock);
    }
}

int salon_xml_pipe_skip_sheet(salon_xml_pipe *pipe) {
    if (pipe->finished) return 0;
    pipe->skipping = 1;
    atomic_store(&pipe->skip_sheet, pipe->sheets_seen);
    return 0;
}

static const pipe_event *row(const salon_xml_pipe *pipe) {
    return pipe->event != NULL && pipe->event->kind == SALON_XML_ROW ? pipe->event : NULL;
}

const char *salon_xml_pipe_sheet_name(const salon_xml_pipe *pipe) {
    if (pipe->event == NULL || pipe->event->kind != SALON_XML_SHEET) return "";
    return pipe->current->text + pipe->event->text_start;
}

long salon_xml_pipe_row_number(const salon_xml_pipe *pipe) { return row(pipe) ? row(pipe)->row_number : 0; }

int salon_xml_pipe_row_flags(const salon_xml_pipe *pipe) { return row(pipe) ? row(pipe)->flags : 0; }

long salon_xml_pipe_row_bad_index(const salon_xml_pipe *pipe) { return row(pipe) ? row(pipe)->bad_index : 0; }

const salon_xml_cell *salon_xml_pipe_row_cells(const salon_xml_pipe *pipe, int *count) {
    const pipe_event *event = row(pipe);
    *count = event ? event->cell_count : 0;
    return event ? pipe->current->cells + event->cell_start : NULL;
}

const char *salon_xml_pipe_row_text(const salon_xml_pipe *pipe) {
    const pipe_event *event = row(pipe);
    return event && pipe->current->text ? pipe->current->text + event->text_start : "";
}

const char *salon_xml_pipe_error_message(const salon_xml_pipe *pipe) { return pipe->error_message; }

int salon_xml_pipe_error_line(const salon_xml_pipe *pipe) { return pipe->error_line; }

long long salon_xml_pipe_bytes_consumed(const salon_xml_pipe *pipe) { return pipe->bytes; }
