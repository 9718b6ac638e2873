package org.kamaelia.http.fuzz;

/**
 * Writes bytes as a Java string literal (printable ASCII as is, everything else escaped), so that a failing
 * input in a test report can be pasted straight into a regression test.
 */
public final class EscapedBytes {
    private static final int SHOWN = 4096;

    private EscapedBytes() {}

    /** {@code bytes} as a quoted Java literal, cut after a few kilobytes with the total length noted. */
    public static String of(byte[] bytes) {
        StringBuilder out = new StringBuilder(Math.min(bytes.length, SHOWN) + 16).append('"');
        for (int i = 0; i < Math.min(bytes.length, SHOWN); i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        out.append((char) b);
                    } else {
                        out.append(String.format("\\u%04x", b));
                    }
                }
            }
        }
        out.append('"');
        if (bytes.length > SHOWN) {
            out.append(" ... (").append(bytes.length).append(" bytes in all)");
        }
        return out.toString();
    }
}
