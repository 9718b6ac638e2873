package org.kamaelia.http.net;

import java.time.Duration;
import java.util.Objects;

/**
 * How one TCP connection buffers and times out.
 *
 * @param readBufferSize the most bytes read from the socket in one go
 * @param writeHighWatermark bytes queued for writing at which the producer is paused
 * @param writeLowWatermark bytes queued for writing at which a paused producer is woken
 * @param writeStallTimeout how long queued output may make no progress before the connection is cut
 * @param lingerTimeout how long, after we closed our side, to read and discard what the client still sends
 *     before closing fully (so a reset does not destroy a response the client has not read yet)
 * @param minResponseRate the slowest the client may take queued output before the connection is cut
 */
public record TcpConnectionConfig(
        int readBufferSize,
        int writeHighWatermark,
        int writeLowWatermark,
        Duration writeStallTimeout,
        Duration lingerTimeout,
        MinimumDataRate minResponseRate) {

    /** Default read size: {@value} bytes. */
    public static final int DEFAULT_READ_BUFFER_SIZE = 64 * 1024;

    /** Default high mark for queued output: {@value} bytes. */
    public static final int DEFAULT_WRITE_HIGH_WATERMARK = 64 * 1024;

    /** Default low mark for queued output: {@value} bytes. */
    public static final int DEFAULT_WRITE_LOW_WATERMARK = 16 * 1024;

    /** Validates the values. */
    public TcpConnectionConfig {
        if (readBufferSize < 1024) {
            throw new IllegalArgumentException("readBufferSize must be at least 1024, got " + readBufferSize);
        }
        if (writeLowWatermark < 0 || writeLowWatermark >= writeHighWatermark) {
            throw new IllegalArgumentException("need 0 <= writeLowWatermark < writeHighWatermark, got "
                    + writeLowWatermark + " and " + writeHighWatermark);
        }
        Objects.requireNonNull(writeStallTimeout, "writeStallTimeout");
        Objects.requireNonNull(lingerTimeout, "lingerTimeout");
        Objects.requireNonNull(minResponseRate, "minResponseRate");
    }

    /**
     * The defaults: 64 KiB reads, 64/16 KiB write marks (as Netty's), a 30 s write stall, a 2 s linger, a minimum
     * response rate of 240 bytes/s over 5 s.
     */
    public static TcpConnectionConfig defaults() {
        return new TcpConnectionConfig(
                DEFAULT_READ_BUFFER_SIZE,
                DEFAULT_WRITE_HIGH_WATERMARK,
                DEFAULT_WRITE_LOW_WATERMARK,
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                MinimumDataRate.defaults());
    }

    /** A copy with other write marks. */
    public TcpConnectionConfig withWriteWatermarks(int high, int low) {
        return new TcpConnectionConfig(readBufferSize, high, low, writeStallTimeout, lingerTimeout, minResponseRate);
    }

    /** A copy with another write-stall timeout. */
    public TcpConnectionConfig withWriteStallTimeout(Duration timeout) {
        return new TcpConnectionConfig(
                readBufferSize, writeHighWatermark, writeLowWatermark, timeout, lingerTimeout, minResponseRate);
    }

    /** A copy with another minimum response rate. */
    public TcpConnectionConfig withMinResponseRate(MinimumDataRate rate) {
        return new TcpConnectionConfig(
                readBufferSize, writeHighWatermark, writeLowWatermark, writeStallTimeout, lingerTimeout, rate);
    }
}
