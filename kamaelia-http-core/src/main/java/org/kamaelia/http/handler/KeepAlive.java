package org.kamaelia.http.handler;

/**
 * How connections are reused.
 *
 * @param enabled whether connections may carry more than one request
 * @param maxRequests the most requests served on one connection before it is closed
 * @param maxDrainBytes the most unread request-body bytes the server reads and discards, after a response that
 *     did not need them, to keep the connection; past it the connection is closed instead
 */
public record KeepAlive(boolean enabled, int maxRequests, long maxDrainBytes) {

    /** Validates the values. */
    public KeepAlive {
        if (maxRequests < 1 || maxDrainBytes < 0) {
            throw new IllegalArgumentException("maxRequests must be positive and maxDrainBytes non-negative");
        }
    }

    /** Enabled, 10,000 requests per connection, up to 1 MiB drained. */
    public static KeepAlive defaults() {
        return new KeepAlive(true, 10_000, 1024 * 1024);
    }
}
