package org.kamaelia.http.message;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The status and header fields of a response, plus what the handler knows about its body: its length when
 * known, or that it never ends. The server adds {@code Date}, the framing fields and {@code Connection}.
 *
 * <pre>{@code
 * outbox.send(ResponseHead.status(200).header("Content-Type", "text/plain").contentLength(5).build());
 * }</pre>
 *
 * @param status the status code
 * @param headers fields set by the handler (validated: CR, LF and NUL are refused)
 * @param contentLength the body's length in bytes when the handler knows it
 * @param endless whether the body has no end (a live stream): it is then delimited by closing the connection
 */
public record ResponseHead(int status, HttpHeaders headers, OptionalLong contentLength, boolean endless)
        implements ResponsePart {

    /** Validates the values. */
    public ResponseHead {
        if (!HttpStatus.isValid(status)) {
            throw new IllegalArgumentException("invalid status " + status);
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(contentLength, "contentLength");
        if (contentLength.isPresent() && contentLength.getAsLong() < 0) {
            throw new IllegalArgumentException("negative content length " + contentLength.getAsLong());
        }
        if (headers.contains("Content-Length") || headers.contains("Transfer-Encoding")) {
            throw new IllegalArgumentException(
                    "Content-Length and Transfer-Encoding are set by the server; use contentLength() instead");
        }
    }

    /** Whether this is an interim (1xx) response, such as {@code 100 Continue}. */
    public boolean isInterim() {
        return status < 200;
    }

    /** Starts a response head with {@code status}. */
    public static Builder status(int status) {
        return new Builder(status);
    }

    /** Builds a {@link ResponseHead}. */
    public static final class Builder {
        private final int status;
        // Made on the first field added one by one; until then whole header sets are adopted as they are.
        private HttpHeaders.Builder headers;
        private HttpHeaders adopted = HttpHeaders.EMPTY;
        private OptionalLong contentLength = OptionalLong.empty();
        private boolean endless;

        private Builder(int status) {
            this.status = status;
        }

        /** Adds a header field. */
        public Builder header(String name, String value) {
            fields().add(name, value);
            return this;
        }

        private HttpHeaders.Builder fields() {
            if (headers == null) {
                headers = HttpHeaders.builder().addAll(adopted);
            }
            return headers;
        }

        /** Adds every field of {@code more}. */
        public Builder headers(HttpHeaders more) {
            if (headers == null && adopted.isEmpty()) {
                adopted = more; // validated already, and immutable
            } else {
                fields().addAll(more);
            }
            return this;
        }

        /** Says the body will be exactly {@code length} bytes. */
        public Builder contentLength(long length) {
            this.contentLength = OptionalLong.of(length);
            return this;
        }

        /** Says the body never ends (it is then framed by closing the connection). */
        public Builder endless() {
            this.endless = true;
            return this;
        }

        /** The head. */
        public ResponseHead build() {
            return new ResponseHead(status, headers == null ? adopted : headers.build(), contentLength, endless);
        }
    }
}
