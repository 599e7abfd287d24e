package dev.tandem.lead.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The import's CSV records and the lines they start on, which its errors name. */
class CsvReaderTest {

    private record Line(int line, List<String> fields) {
    }

    private static List<Line> read(String csv) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<Line> records = new ArrayList<>();
        List<String> fields;
        while ((fields = reader.next()) != null) {
            records.add(new Line(reader.recordLine(), fields));
        }
        return records;
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaksAndLaterRecordsKeepTheirLines() throws IOException {
        String csv = "email,company,note\r\n"
                + "a@example.jp,\"株式会社\"\"テスト\"\"\",\"一行目\r\n二行目\nthird\"\r\n"
                + "b@example.jp,\"Acme, Inc.\",\n"
                + "c@example.jp,山田商事,最後";
        assertEquals(List.of(
                new Line(1, List.of("email", "company", "note")),
                new Line(2, List.of("a@example.jp", "株式会社\"テスト\"", "一行目\r\n二行目\nthird")),
                new Line(5, List.of("b@example.jp", "Acme, Inc.", "")),
                new Line(6, List.of("c@example.jp", "山田商事", "最後"))), read(csv));
    }

    @Test
    void emptyLinesAreRecordsOfOneEmptyFieldSoLinesStayExact() throws IOException {
        assertEquals(List.of(new Line(1, List.of("email")), new Line(2, List.of("")), new Line(3, List.of("")),
                new Line(4, List.of("a@example.jp"))), read("email\n\n\r\na@example.jp\n"));
    }

    @Test
    void aByteOrderMarkAtTheStartIsDroppedAndNowhereElse() throws IOException {
        assertEquals(List.of(new Line(1, List.of("email", "company")), new Line(2, List.of("a@example.jp", "\uFEFFx"))),
                read("\uFEFF\"email\",company\na@example.jp,\uFEFFx\n"));
        assertNull(new CsvReader(new StringReader("\uFEFF")).next());
        assertNull(new CsvReader(new StringReader("")).next());
    }

    @Test
    void textAfterAClosingQuoteStaysInTheFieldAndAStrayQuoteInsideAFieldIsText() throws IOException {
        assertEquals(List.of(new Line(1, List.of("Acme Inc", "5\" disk", "x"))), read("\"Acme\" Inc,5\" disk,x"));
    }

    @Test
    void aQuoteNeverClosedNamesTheLineItsRecordStartsOn() throws IOException {
        CsvReader reader = new CsvReader(new StringReader("email,company\na@example.jp,Fine\n"
                + "b@example.jp,\"never closed\nc@example.jp,Lost\n"));
        assertEquals(List.of("email", "company"), reader.next());
        assertEquals(List.of("a@example.jp", "Fine"), reader.next());
        CsvReader.MalformedCsvException e = assertThrows(CsvReader.MalformedCsvException.class, reader::next);
        assertEquals(3, e.line());
        assertEquals("line 3: a quoted field is not closed", e.getMessage());
    }
}
