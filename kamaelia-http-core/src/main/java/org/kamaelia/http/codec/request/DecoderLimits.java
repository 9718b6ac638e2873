package org.kamaelia.http.codec.request;

/**
 * The limits a {@link RequestDecoder} enforces, each with the status used when it is passed.
 *
 * <table>
 *   <caption>Limits and their defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>status when passed</th></tr>
 *   <tr><td>request line</td><td>{@value #DEFAULT_MAX_REQUEST_LINE} bytes</td><td>414</td></tr>
 *   <tr><td>field section (all header lines)</td><td>{@value #DEFAULT_MAX_FIELD_SECTION} bytes</td>
 *       <td>431</td></tr>
 *   <tr><td>number of fields</td><td>{@value #DEFAULT_MAX_FIELDS}</td><td>431</td></tr>
 *   <tr><td>body</td><td>{@value #DEFAULT_MAX_BODY} bytes</td><td>413</td></tr>
 *   <tr><td>chunk-size line, extensions included</td><td>{@value #DEFAULT_MAX_CHUNK_LINE} bytes</td>
 *       <td>400</td></tr>
 * </table>
 *
 * @param maxRequestLine most bytes in the request line, line ending excluded
 * @param maxFieldSection most bytes in the field section (and in a trailer section), line endings included
 * @param maxFields most header fields (and trailer fields)
 * @param maxBody most body bytes, whatever the framing
 * @param maxChunkLine most bytes in a chunk-size line, line ending excluded
 */
public record DecoderLimits(int maxRequestLine, int maxFieldSection, int maxFields, long maxBody, int maxChunkLine) {

    /** Default request-line limit: {@value} bytes. */
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    /** Default field-section limit: {@value} bytes. */
    public static final int DEFAULT_MAX_FIELD_SECTION = 16 * 1024;
    /** Default field-count limit: {@value}. */
    public static final int DEFAULT_MAX_FIELDS = 100;
    /** Default body limit: {@value} bytes (10 MiB). */
    public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;
    /** Default chunk-size line limit: {@value} bytes. */
    public static final int DEFAULT_MAX_CHUNK_LINE = 1024;

    /** Validates the values. */
    public DecoderLimits {
        if (maxRequestLine < 16 || maxFieldSection < 2 || maxFields < 1 || maxBody < 0 || maxChunkLine < 1) {
            throw new IllegalArgumentException("limits too small: " + maxRequestLine + ", " + maxFieldSection + ", "
                    + maxFields + ", " + maxBody + ", " + maxChunkLine);
        }
    }

    /** The defaults. */
    public static DecoderLimits defaults() {
        return new DecoderLimits(
                DEFAULT_MAX_REQUEST_LINE,
                DEFAULT_MAX_FIELD_SECTION,
                DEFAULT_MAX_FIELDS,
                DEFAULT_MAX_BODY,
                DEFAULT_MAX_CHUNK_LINE);
    }

    /** A copy with another body limit. */
    public DecoderLimits withMaxBody(long bytes) {
        return new DecoderLimits(maxRequestLine, maxFieldSection, maxFields, bytes, maxChunkLine);
    }

    /** A copy with another request-line limit. */
    public DecoderLimits withMaxRequestLine(int bytes) {
        return new DecoderLimits(bytes, maxFieldSection, maxFields, maxBody, maxChunkLine);
    }

    /** A copy with other field limits. */
    public DecoderLimits withFieldLimits(int sectionBytes, int fields) {
        return new DecoderLimits(maxRequestLine, sectionBytes, fields, maxBody, maxChunkLine);
    }
}
