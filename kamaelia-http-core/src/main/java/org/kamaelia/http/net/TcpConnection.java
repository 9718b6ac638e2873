package org.kamaelia.http.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import org.kamaelia.http.component.Cancellable;
import org.kamaelia.http.component.Component;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.component.Outbox;
import org.kamaelia.http.component.ProducerFinished;
import org.kamaelia.http.component.ShutdownRequested;
import org.kamaelia.http.component.Signal;
import org.kamaelia.http.message.ByteChunk;

/**
 * One accepted TCP connection as a component: bytes read from the socket leave on {@link #outbox}, bytes
 * arriving on {@link #inbox} are written to the socket (the original's ConnectedSocketAdapter).
 *
 * <p>Boxes:
 * <ul>
 *   <li>{@code inbox}: bytes to write. It is the write queue, weighed in bytes: full at the high watermark, so
 *       a producer that checks {@code hasRoom()} is paused there and woken at the low watermark.
 *   <li>{@code outbox}: bytes read. When its destination is full the connection stops reading the socket, so
 *       a slow protocol slows the client down through TCP flow control.
 *   <li>{@code control}: {@link ProducerFinished} = write everything queued, then close (half-close first,
 *       then read and discard until the client closes or the linger time ends); {@link ProducerFinished#PEER_FINISHED}
 *       = the same, but the client has said it sends nothing more, so the connection closes as soon as everything
 *       is written, unless bytes from the client are waiting after all; {@link ShutdownRequested} = write what can
 *       be written at once, then close.
 *   <li>{@code signal}: {@link ProducerFinished} when the client finished sending (end of stream).
 * </ul>
 *
 * <p>Every close records a {@link CloseReason}. Runs on one event loop like every component.
 */
public final class TcpConnection extends Component implements StreamEnd {
    private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());
    private static final int MAX_GATHER = 64;
    private static final int READS_PER_WAKEUP = 4;
    private static final ThreadLocal<ByteBuffer> READ_BUFFERS = new ThreadLocal<>();
    private static final int COALESCE_LIMIT = 16 * 1024;
    // Writes happen on the loop thread and finish before it does anything else: one buffer per loop.
    private static final ThreadLocal<ByteBuffer> WRITE_BUFFERS = new ThreadLocal<>();
    // Gathering writes happen on the loop thread and finish before it does anything else: one array per loop.
    private static final ThreadLocal<ByteBuffer[]> GATHER = ThreadLocal.withInitial(() -> new ByteBuffer[MAX_GATHER]);

    /** Bytes to write to the client; weighed in bytes, bounded by the write high watermark. */
    public final Inbox<ByteChunk> inbox;

    /** Bytes read from the client, in order. */
    public final Outbox<ByteChunk> outbox = newOutbox("outbox", "bytes read from the client");

    private final SocketChannel channel;
    private final ConnectionInfo info;
    private final TcpConnectionConfig config;
    private final ConnectionListener listener;
    private SelectionKey key;
    // Bytes of the oldest queued chunk already written (a partial write leaves the chunk queued).
    private int headWritten;
    private boolean inputEnded;
    private boolean flushThenClose;
    private boolean peerFinished; // the client said it sends nothing more: no need to linger for its bytes
    private boolean flushScheduled;
    private boolean outputShut;
    private boolean readPaused;
    private long pausedAt;
    private long bytesRead;
    private long bytesWritten;
    private long lastWriteProgress;
    private Cancellable stallTimer;
    private DataRateWatch responseRate; // made at the first write the socket would not take whole
    private Cancellable rateTimer;
    private Cancellable lingerTimer;
    private CloseReason closeReason;
    private volatile long peakQueuedBytes;

    TcpConnection(SocketChannel channel, ConnectionInfo info, TcpConnectionConfig config, ConnectionListener listener) {
        this.channel = channel;
        this.info = info;
        this.config = config;
        this.listener = listener;
        this.inbox = newInbox(
                "inbox",
                "bytes to write to the client (the write queue)",
                config.writeHighWatermark(),
                config.writeLowWatermark(),
                ByteChunk.LENGTH);
    }

    // The boxes as a StreamEnd: the top of a graph without layers, with no wrapper.

    @Override
    public Outbox<ByteChunk> outbox() {
        return outbox;
    }

    @Override
    public Inbox<ByteChunk> inbox() {
        return inbox;
    }

    @Override
    public Outbox<Signal> signal() {
        return signal;
    }

    @Override
    public Inbox<Signal> control() {
        return control;
    }

    /** The connection's identity and addresses. */
    public ConnectionInfo info() {
        return info;
    }

    /** Why the connection closed, or {@code null} while it is open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    /** The most bytes that were ever queued for writing at once; safe to read from any thread. */
    public long peakQueuedBytes() {
        return peakQueuedBytes;
    }

    @Override
    public String name() {
        return "TcpConnection#" + info.id();
    }

    @Override
    protected void onStart() {
        try {
            key = loop().register(channel, SelectionKey.OP_READ, this::ioReady);
        } catch (IOException e) {
            close(CloseReason.ERROR);
            return;
        }
        listener.opened(info);
    }

    @Override
    protected void react() {
        long queued = inbox.weight();
        if (queued > peakQueuedBytes) {
            peakQueuedBytes = queued;
        }
        Signal received;
        while ((received = control.poll()) != null) {
            if (received instanceof ProducerFinished finished) {
                flushThenClose = true;
                peerFinished |= finished.peerFinished();
            } else if (received instanceof ShutdownRequested shutdown) {
                flush();
                close(reasonFor(shutdown.reason()));
                return;
            }
        }
        scheduleFlush();
        if (readPaused && !inputEnded && outbox.hasRoom()) {
            resumeReading();
        }
    }

    /** Writes once everything ready in this pass of the loop has run: one gathering write for all of it. */
    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop().afterReady(this::deferredFlush);
        }
    }

    private void deferredFlush() {
        flushScheduled = false;
        if (closeReason != null) {
            return;
        }
        flush();
        if (closeReason == null && flushThenClose && inbox.isEmpty()) {
            endOutput();
        }
    }

    private static CloseReason reasonFor(ShutdownRequested.Reason reason) {
        switch (reason) {
            case TIMEOUT:
                return CloseReason.TIMEOUT;
            case PEER_GONE:
                return CloseReason.CLIENT;
            case FAILURE:
                return CloseReason.ERROR;
            case STOPPED:
            default:
                return CloseReason.SERVER_STOPPED;
        }
    }

    private void ioReady(SelectionKey ready) {
        if (closeReason != null) {
            return;
        }
        if (ready.isValid() && ready.isWritable()) {
            flush();
            if (closeReason == null && flushThenClose && inbox.isEmpty()) {
                endOutput();
            }
        }
        if (closeReason == null && ready.isValid() && ready.isReadable()) {
            read();
        }
    }

    private void read() {
        ByteBuffer buffer = readBuffer();
        for (int i = 0; i < READS_PER_WAKEUP; i++) {
            if (!outputShut && !outbox.hasRoom()) {
                pauseReading();
                return;
            }
            buffer.clear();
            int room = buffer.remaining();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                failed(e);
                return;
            }
            if (n < 0) {
                endOfInput();
                return;
            }
            if (n == 0) {
                return;
            }
            bytesRead += n;
            if (outputShut) {
                continue; // lingering: read and discard
            }
            buffer.flip();
            boolean filled = n == room;
            outbox.send(ByteChunk.copyOf(buffer));
            if (!filled) {
                // A short read took everything the socket had: another read would only find it empty (a wasted
                // system call per request); the selector says when more arrives.
                return;
            }
        }
    }

    private ByteBuffer readBuffer() {
        ByteBuffer buffer = READ_BUFFERS.get();
        if (buffer == null || buffer.capacity() < config.readBufferSize()) {
            buffer = ByteBuffer.allocateDirect(config.readBufferSize());
            READ_BUFFERS.set(buffer);
        }
        buffer.limit(config.readBufferSize());
        return buffer;
    }

    private void endOfInput() {
        inputEnded = true;
        if (outputShut) {
            close(CloseReason.SERVER);
            return;
        }
        interest(SelectionKey.OP_READ, false);
        signal.send(ProducerFinished.INSTANCE);
    }

    private void pauseReading() {
        if (!readPaused) {
            readPaused = true;
            pausedAt = System.nanoTime();
            interest(SelectionKey.OP_READ, false);
            listener.readPaused(info);
        }
    }

    private void resumeReading() {
        readPaused = false;
        interest(SelectionKey.OP_READ, true);
        listener.readResumed(info, System.nanoTime() - pausedAt);
        read();
    }

    private void flush() {
        if (closeReason != null || outputShut) {
            return;
        }
        while (!inbox.isEmpty()) {
            long written;
            try {
                written = coalescable() ? writeCoalesced() : writeGathered();
            } catch (IOException e) {
                failed(e);
                return;
            }
            bytesWritten += written;
            if (written > 0) {
                lastWriteProgress = System.nanoTime();
                if (responseRate != null) {
                    responseRate.moved(written);
                }
            }
            if (!consumeWritten(written)) {
                interest(SelectionKey.OP_WRITE, true);
                armStallTimer();
                watchResponseRate();
                return;
            }
        }
        interest(SelectionKey.OP_WRITE, false);
        if (responseRate != null) {
            responseRate.notWaiting(); // the client took everything: nothing waits on it
        }
    }

    private void watchResponseRate() {
        MinimumDataRate rate = config.minResponseRate();
        if (!rate.enabled()) {
            return;
        }
        if (responseRate == null) {
            responseRate = new DataRateWatch(rate);
        }
        if (responseRate.waiting(System.nanoTime()) && rateTimer == null) {
            rateTimer = runAfter(Duration.ofNanos(responseRate.periodNanos()), this::checkResponseRate);
        }
    }

    private void checkResponseRate() {
        rateTimer = null;
        if (closeReason != null) {
            return;
        }
        long next = responseRate.check(System.nanoTime());
        if (next == DataRateWatch.TOO_SLOW) {
            LOG.log(Level.DEBUG, () -> name() + ": the client takes its response below " + config.minResponseRate());
            listener.writeTooSlow(info);
            abort(CloseReason.TIMEOUT);
        } else if (next != DataRateWatch.IDLE) {
            rateTimer = runAfter(Duration.ofNanos(next), this::checkResponseRate);
        }
    }

    // A queue of a few small heap chunks (response heads, short bodies, pipelined answers) is copied into one
    // direct buffer per loop and written with a single write: the JDK would otherwise copy each heap buffer into
    // a temporary direct buffer of its own for a gathering write. Bulk data (over 16 KiB queued, or file slices
    // outside the heap) is gathered as it is, which measured faster for large streams.
    private boolean coalescable() {
        ByteChunk oldest = inbox.peek();
        return !oldest.isDirect() && inbox.weight() - headWritten <= COALESCE_LIMIT;
    }

    private long writeCoalesced() throws IOException {
        ByteBuffer out = writeBuffer();
        out.clear();
        int skip = headWritten;
        for (Iterator<ByteChunk> queued = inbox.waiting(); queued.hasNext(); ) {
            ByteChunk chunk = queued.next();
            int length = chunk.length() - skip;
            if (chunk.isDirect() || length > out.remaining()) {
                break;
            }
            chunk.copyTo(skip, out, length);
            skip = 0;
        }
        out.flip();
        return channel.write(out);
    }

    private long writeGathered() throws IOException {
        ByteBuffer[] gather = GATHER.get();
        int count = 0;
        for (Iterator<ByteChunk> queued = inbox.waiting(); count < MAX_GATHER && queued.hasNext(); ) {
            ByteBuffer buffer = queued.next().buffer();
            if (count == 0) {
                buffer.position(buffer.position() + headWritten);
            }
            gather[count++] = buffer;
        }
        try {
            return channel.write(gather, 0, count);
        } finally {
            java.util.Arrays.fill(gather, 0, count, null);
        }
    }

    /** Takes fully written chunks off the queue; whether everything queued was written. */
    private boolean consumeWritten(long written) {
        long left = written;
        for (ByteChunk oldest; (oldest = inbox.peek()) != null; ) {
            int unwritten = oldest.length() - headWritten;
            if (left < unwritten) {
                headWritten += (int) left;
                return false;
            }
            left -= unwritten;
            headWritten = 0;
            inbox.poll();
        }
        return true;
    }

    private ByteBuffer writeBuffer() {
        ByteBuffer buffer = WRITE_BUFFERS.get();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(COALESCE_LIMIT);
            WRITE_BUFFERS.set(buffer);
        }
        return buffer;
    }

    private void armStallTimer() {
        if (stallTimer != null) {
            return;
        }
        Duration timeout = config.writeStallTimeout();
        stallTimer = runAfter(timeout, this::checkStall);
    }

    private void checkStall() {
        stallTimer = null;
        if (closeReason != null || inbox.isEmpty()) {
            return;
        }
        long idle = System.nanoTime() - lastWriteProgress;
        long limit = config.writeStallTimeout().toNanos();
        if (idle >= limit) {
            LOG.log(Level.DEBUG, () -> name() + ": no write progress for " + config.writeStallTimeout());
            listener.writeStalled(info);
            abort(CloseReason.TIMEOUT);
        } else {
            stallTimer = runAfter(Duration.ofNanos(limit - idle), this::checkStall);
        }
    }

    // nginx's lingering heuristic: linger only while the client may still be sending. A client that asked for the
    // close and sent its request whole sends nothing more, so when no byte of its is waiting the connection closes
    // at once (one wake-up and a few system calls fewer per connection); with bytes waiting it lingers as ever, so
    // that a reset cannot destroy an answer the client has not read.
    private void endOutput() {
        if (peerFinished && !outputShut && clientQuiet()) {
            close(inputEnded ? CloseReason.CLIENT : CloseReason.SERVER);
            return;
        }
        shutOutput();
    }

    /** Whether nothing from the client waits unread (its end of stream counts as nothing). */
    private boolean clientQuiet() {
        ByteBuffer buffer = readBuffer();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            return false; // shutOutput meets the same fault and records it
        }
        if (n < 0) {
            inputEnded = true;
            return true;
        }
        bytesRead += n; // read and dropped, as lingering would have
        return n == 0;
    }

    private void shutOutput() {
        if (outputShut) {
            return;
        }
        outputShut = true;
        if (inputEnded) {
            close(CloseReason.CLIENT);
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close(CloseReason.SERVER);
            return;
        }
        // Keep reading (and discarding) so unread client bytes do not turn our close into a reset.
        readPaused = false;
        interest(SelectionKey.OP_READ, true);
        lingerTimer = runAfter(config.lingerTimeout(), () -> close(CloseReason.SERVER));
    }

    private void failed(IOException e) {
        String message = String.valueOf(e.getMessage());
        boolean reset = message.contains("reset") || message.contains("Broken pipe");
        LOG.log(Level.DEBUG, () -> name() + " failed: " + message);
        close(reset ? CloseReason.RESET : CloseReason.ERROR);
    }

    private void interest(int op, boolean on) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    // A plain close would leave the unsent output with the kernel, which goes on feeding it to the client that
    // would not take it (for minutes, holding its buffers): a reset ends that at once.
    private void abort(CloseReason reason) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "setting SO_LINGER before a reset", e);
        }
        close(reason);
    }

    /** Closes the connection now, recording {@code reason}; closing a closed connection has no effect. */
    void close(CloseReason reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        if (stallTimer != null) {
            stallTimer.cancel();
        }
        if (rateTimer != null) {
            rateTimer.cancel();
        }
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing channel", e);
        }
        inbox.clear();
        listener.closed(info, reason, bytesRead, bytesWritten);
        finish();
    }

    @Override
    protected void onFinish() {
        if (closeReason == null) {
            close(CloseReason.SERVER_STOPPED);
        }
    }
}
