package dev.tandem.platform.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a JSON body's text as it is read, for what Jackson lets through: bytes that are not strict UTF-8 (Jackson's
 * byte parser decodes overlong forms such as {@code C0 AF} to "/" and CESU-8 surrogates to lone UTF-16 halves; a
 * sequence cut short), an escaped NUL ({@code \u0000}: MongoDB keys and regexes cannot hold it) or lone surrogate
 * ({@code "\ud800"}, stored as U+FFFD) in any string or field name, and a number beyond a double's range
 * ({@code 1e400} reads as Infinity). It follows strings, escapes and the object/array nesting just far enough to
 * name the field ({@code consent.source}, {@code [2].properties.title}); everything else about the syntax is left to
 * Jackson, which reads the same bytes right after this check.
 */
final class StrictJsonInput extends FilterInputStream {

    private static final int MAX_KEY_BYTES = 128;
    private static final int MAX_NUMBER_CHARS = 1100;

    private enum State { VALUE, STRING, ESCAPE, UNICODE, NUMBER }

    /** One open object (with the field being read) or array (with the index being read). */
    private static final class Frame {
        final boolean object;
        String key;
        int index;
        boolean expectingKey;

        Frame(boolean object) {
            this.object = object;
            this.expectingKey = object;
        }
    }

    private final List<Frame> frames = new ArrayList<>();
    private State state = State.VALUE;

    // UTF-8: continuation bytes still expected and the allowed range of the next one.
    private int continuations;
    private int nextMin = 0x80;
    private int nextMax = 0xBF;

    // \\uXXXX escapes.
    private int hexDigits;
    private int codeUnit;
    private boolean highSurrogatePending;

    // The field name being read, for the path.
    private boolean readingKey;
    private final byte[] keyBytes = new byte[MAX_KEY_BYTES];
    private int keyLength;

    private final StringBuilder number = new StringBuilder();

    StrictJsonInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            accept(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            end();
        }
        for (int i = 0; i < n; i++) {
            accept(buffer[offset + i] & 0xFF);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Every byte must be seen: read instead of skipping.
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void end() throws InvalidBodyText {
        if (continuations > 0) {
            throw refused("is not valid UTF-8: a multi-byte sequence is cut short at the end of the body");
        }
        if (state == State.NUMBER) {
            number();
        }
    }

    private void accept(int b) throws InvalidBodyText {
        utf8(b);
        switch (state) {
            case VALUE -> structure(b);
            case NUMBER -> {
                if (b >= '0' && b <= '9' || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-') {
                    if (number.length() < MAX_NUMBER_CHARS) {
                        number.append((char) b);
                    }
                } else {
                    number();
                    state = State.VALUE;
                    structure(b);
                }
            }
            case STRING -> {
                if (highSurrogatePending && b != '\\') {
                    throw refused("holds a lone surrogate (\\u" + Integer.toHexString(codeUnit) + " not followed by a low surrogate)");
                }
                if (b == '"') {
                    state = State.VALUE;
                    if (readingKey) {
                        readingKey = false;
                        top().key = new String(keyBytes, 0, keyLength, StandardCharsets.UTF_8);
                    }
                } else if (b == '\\') {
                    state = State.ESCAPE;
                } else {
                    key(b);
                }
            }
            case ESCAPE -> {
                if (highSurrogatePending && b != 'u') {
                    throw refused("holds a lone surrogate (\\u" + Integer.toHexString(codeUnit) + " not followed by a low surrogate)");
                }
                if (b == 'u') {
                    state = State.UNICODE;
                    hexDigits = 0;
                    codeUnit = 0;
                } else {
                    state = State.STRING;
                    key(b);
                }
            }
            case UNICODE -> unicode(b);
        }
    }

    /** Outside strings: nesting, field names and numbers. */
    private void structure(int b) throws InvalidBodyText {
        Frame top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        switch (b) {
            case '{' -> frames.add(new Frame(true));
            case '[' -> frames.add(new Frame(false));
            case '}', ']' -> {
                if (top != null) {
                    frames.remove(frames.size() - 1);
                }
            }
            case ',' -> {
                if (top != null && top.object) {
                    top.expectingKey = true;
                    top.key = null;
                } else if (top != null) {
                    top.index++;
                }
            }
            case ':' -> {
                if (top != null) {
                    top.expectingKey = false;
                }
            }
            case '"' -> {
                state = State.STRING;
                readingKey = top != null && top.object && top.expectingKey;
                keyLength = 0;
            }
            default -> {
                if (b == '-' || b >= '0' && b <= '9') {
                    state = State.NUMBER;
                    number.setLength(0);
                    number.append((char) b);
                }
            }
        }
    }

    private void unicode(int b) throws InvalidBodyText {
        int digit = Character.digit(b, 16);
        if (digit < 0) {
            // Not an escape Jackson accepts either: it refuses the body with its own message.
            state = State.STRING;
            highSurrogatePending = false;
            return;
        }
        codeUnit = codeUnit * 16 + digit;
        if (++hexDigits < 4) {
            return;
        }
        state = State.STRING;
        char c = (char) codeUnit;
        if (Character.isLowSurrogate(c)) {
            if (!highSurrogatePending) {
                throw refused("holds a lone surrogate (\\u" + Integer.toHexString(codeUnit) + " without a high surrogate before it)");
            }
            highSurrogatePending = false;
        } else if (highSurrogatePending) {
            throw refused("holds a lone surrogate (a high surrogate not followed by a low one)");
        } else if (Character.isHighSurrogate(c)) {
            highSurrogatePending = true;
        } else if (codeUnit == 0) {
            throw refused("holds a NUL character (\\u0000)");
        }
        if (!Character.isSurrogate(c)) {
            for (byte k : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                key(k & 0xFF);
            }
        }
    }

    private void key(int b) {
        if (readingKey && keyLength < MAX_KEY_BYTES) {
            keyBytes[keyLength++] = (byte) b;
        }
    }

    private void number() throws InvalidBodyText {
        String text = number.toString();
        try {
            if (Double.isInfinite(Double.parseDouble(text))) {
                throw refused("is a number beyond the range of a double (±1.7976931348623157E308)");
            }
        } catch (NumberFormatException e) {
            // Not a JSON number at all: Jackson refuses it with its own message.
        }
    }

    /** Strict UTF-8 (RFC 3629): shortest form only, no surrogates, nothing above U+10FFFF, no cut sequence. */
    private void utf8(int b) throws InvalidBodyText {
        if (continuations > 0) {
            if (b < nextMin || b > nextMax) {
                if (b >= 0x80 && b <= 0xBF && nextMin == 0xA0) {
                    throw refused("is not valid UTF-8: an overlong encoding (E0 " + hex(b) + ")");
                }
                if (b >= 0xA0 && b <= 0xBF && nextMax == 0x9F) {
                    throw refused("is not valid UTF-8: a UTF-16 surrogate encoded as bytes (ED " + hex(b) + ", CESU-8)");
                }
                if (b >= 0x80 && b <= 0x8F && nextMin == 0x90) {
                    throw refused("is not valid UTF-8: an overlong encoding (F0 " + hex(b) + ")");
                }
                if (b >= 0x90 && b <= 0xBF && nextMax == 0x8F) {
                    throw refused("is not valid UTF-8: a code point above U+10FFFF");
                }
                throw refused("is not valid UTF-8: a multi-byte sequence is cut short before byte " + hex(b));
            }
            continuations--;
            nextMin = 0x80;
            nextMax = 0xBF;
            return;
        }
        if (b < 0x80) {
            return;
        }
        if (b == 0xC0 || b == 0xC1) {
            throw refused("is not valid UTF-8: an overlong encoding (" + hex(b) + ")");
        }
        if (b < 0xC2) {
            throw refused("is not valid UTF-8: byte " + hex(b) + " cannot start a character");
        }
        if (b <= 0xDF) {
            continuations = 1;
        } else if (b <= 0xEF) {
            continuations = 2;
            if (b == 0xE0) {
                nextMin = 0xA0;
            } else if (b == 0xED) {
                nextMax = 0x9F;
            }
        } else if (b <= 0xF4) {
            continuations = 3;
            if (b == 0xF0) {
                nextMin = 0x90;
            } else if (b == 0xF4) {
                nextMax = 0x8F;
            }
        } else {
            throw refused("is not valid UTF-8: byte " + hex(b) + " never occurs in UTF-8");
        }
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }

    private Frame top() {
        return frames.get(frames.size() - 1);
    }

    private InvalidBodyText refused(String reason) {
        return new InvalidBodyText(path(), reason);
    }

    /** Where the reader is, as FieldError paths are written: {@code attributes.plan}, {@code [3].type}. */
    private String path() {
        StringBuilder path = new StringBuilder();
        for (Frame frame : frames) {
            if (frame.object) {
                String key = frame.key;
                if (key == null && frame == top() && readingKey) {
                    key = new String(keyBytes, 0, keyLength, StandardCharsets.UTF_8);
                }
                if (key == null) {
                    break;
                }
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(key);
            } else {
                path.append('[').append(frame.index).append(']');
            }
        }
        return path.toString();
    }
}
