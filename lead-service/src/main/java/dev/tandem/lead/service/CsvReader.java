package dev.tandem.lead.service;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * RFC 4180 CSV, parsed by Apache Commons CSV, one record at a time with the line it starts on (import errors name
 * it). Fields may be quoted (holding commas, line breaks and doubled quotes); a byte order mark at the start is
 * dropped; text after a closing quote stays part of the field (as the hand-written reader this replaces had it).
 * A quote never closed is a {@link MalformedCsvException} naming the line its record starts on.
 */
public final class CsvReader {

    /**
     * Empty lines are kept as records (one empty field) so that the parser's line count stays the line a record
     * starts on; the import skips them.
     */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setTrailingData(true)
            .get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private int recordLine;

    public CsvReader(Reader in) throws IOException {
        parser = CSVParser.builder().setReader(withoutByteOrderMark(in)).setFormat(FORMAT).get();
        records = parser.iterator();
    }

    /** The line (1-based) the last record returned by {@link #next} started on. */
    public int recordLine() {
        return recordLine;
    }

    /** The next record's fields, or null at the end of input. Throws on an unterminated quoted field. */
    public List<String> next() throws IOException {
        // The parser has consumed every line break before the next record: it starts on the line after them.
        int line = Math.toIntExact(parser.getCurrentLineNumber() + 1);
        try {
            if (!records.hasNext()) {
                return null;
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException) {
                // With trailing data allowed, the one malformed input RFC 4180 leaves is a quote never closed.
                throw new MalformedCsvException(line, "a quoted field is not closed");
            }
            throw e.getCause();
        }
        recordLine = line;
        return records.next().toList();
    }

    private static Reader withoutByteOrderMark(Reader in) throws IOException {
        PushbackReader reader = new PushbackReader(in, 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    /** The CSV itself is broken (not just one row's values). */
    public static class MalformedCsvException extends RuntimeException {
        private final int line;

        public MalformedCsvException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
