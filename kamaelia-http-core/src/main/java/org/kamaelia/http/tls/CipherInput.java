package org.kamaelia.http.tls;

import java.nio.ByteBuffer;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.message.ByteChunk;

/**
 * The cipher bytes a {@link TlsEngine} has taken from its inbox but not yet unwrapped: at most one buffer of the
 * session's packet size, so a record split across reads is gathered here and records arriving many to a read are
 * unwrapped one at a time. What does not fit stays in the inbox, whose high mark stops the connection reading.
 * The buffer exists only while it holds bytes.
 */
final class CipherInput {
    private final Inbox<ByteChunk> inbox;
    private ByteBuffer held; // write mode: position = bytes held; null when nothing is held
    private int capacity;
    private int offset; // bytes of the inbox's oldest chunk already copied into held

    CipherInput(Inbox<ByteChunk> inbox, int capacity) {
        this.inbox = inbox;
        this.capacity = capacity;
    }

    /** The first byte the peer sent, or -1 if none has arrived; only meaningful before anything was taken. */
    int firstByte() {
        if (held != null && held.position() > 0) {
            return held.get(0) & 0xFF;
        }
        ByteChunk oldest = inbox.peek();
        return oldest == null || oldest.isEmpty() ? -1 : oldest.byteAt(offset) & 0xFF;
    }

    /** Moves bytes from the inbox into the buffer while it has room; whether any moved. */
    boolean fill() {
        boolean moved = false;
        for (ByteChunk oldest; (oldest = inbox.peek()) != null; ) {
            int left = oldest.length() - offset;
            if (left == 0) {
                inbox.poll();
                offset = 0;
                continue;
            }
            if (held == null) {
                held = ByteBuffer.allocate(capacity);
            }
            int room = held.remaining();
            if (room == 0) {
                break;
            }
            int n = Math.min(room, left);
            oldest.copyTo(offset, held, n);
            moved = true;
            offset += n;
            if (offset == oldest.length()) {
                inbox.poll();
                offset = 0;
            }
        }
        return moved;
    }

    /** The held bytes, ready to read; give them back with {@link #unwrapped()}. */
    ByteBuffer forUnwrap() {
        if (held == null) {
            held = ByteBuffer.allocate(capacity);
        }
        held.flip();
        return held;
    }

    /** Keeps what the engine did not consume, and lets the buffer go when nothing is left. */
    void unwrapped() {
        held.compact();
        if (held.position() == 0) {
            held = null;
        }
    }

    /** Bytes held here (not counting the inbox). */
    int held() {
        return held == null ? 0 : held.position();
    }

    /** Whether the buffer is full, so an incomplete record cannot get more bytes without growing. */
    boolean isFull() {
        return held != null && !held.hasRemaining();
    }

    /** Whether bytes wait here or in the inbox. */
    boolean isEmpty() {
        return held() == 0 && inbox.isEmpty();
    }

    /**
     * Raises the bound to {@code size} (the session's packet size grew); whether it grew. Never beyond what the
     * session reports, so the bound stays one record.
     */
    boolean growTo(int size) {
        if (size <= capacity) {
            return false;
        }
        capacity = size;
        if (held != null) {
            ByteBuffer bigger = ByteBuffer.allocate(size);
            held.flip();
            bigger.put(held);
            held = bigger;
        }
        return true;
    }

    /** Drops everything held, for an engine that is ending. */
    void clear() {
        held = null;
        offset = 0;
        inbox.clear();
    }
}
