package org.kamaelia.http.bench;

import java.nio.charset.StandardCharsets;

/**
 * The body both sides of the gzip comparison serve on {@code /gzip}: 1 MiB of JSON-like text, the same bytes on
 * every run (a fixed arithmetic sequence, no randomness), compressing to roughly what real API payloads do.
 */
public final class JsonBody {
    /** The body's length: {@value} bytes. */
    public static final int SIZE = 1 << 20;

    private static final String[] NAMES = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};

    private JsonBody() {}

    /** A fresh copy of the body. */
    public static byte[] bytes() {
        StringBuilder out = new StringBuilder(SIZE + 256).append('[');
        for (int i = 0; out.length() < SIZE; i++) {
            out.append("{\"id\":")
                    .append(i)
                    .append(",\"name\":\"")
                    .append(NAMES[i % NAMES.length])
                    .append('-')
                    .append((i * 7919) % 100_003)
                    .append("\",\"active\":")
                    .append(i % 3 == 0)
                    .append(",\"score\":")
                    .append((i * 31) % 1000)
                    .append('.')
                    .append(i % 10)
                    .append(",\"tags\":[\"t")
                    .append(i % 17)
                    .append("\",\"t")
                    .append(i % 23)
                    .append("\"]},");
        }
        return out.substring(0, SIZE).getBytes(StandardCharsets.US_ASCII);
    }
}
