package org.kamaelia.http.tls;

import java.nio.ByteBuffer;
import org.kamaelia.http.component.Inbox;
import org.kamaelia.http.message.ByteChunk;

/**
 * The cipher bytes a {@link TlsEngine} has taken from its inbox but not yet unwrapped: at most one buffer of the
 * session's packet size, so a record split across reads is gathered here and records arriving many to a read are
 * unwrapped one at a time. What does not fit stays in the inbox, whose high mark stops the connection reading.
 *
 * <p>Bytes are gathered for an unwrap in the loop's scratch buffer; only what is left after it (the start of a
 * record whose rest has not arrived) moves into a buffer of the connection's own, which exists only while it holds
 * bytes. A short request in one record therefore costs a copy of its bytes, not a packet-sized allocation.
 */
final class CipherInput {
    private final Inbox<ByteChunk> inbox;
    private ByteBuffer held; // write mode: position = bytes held between calls; null when nothing is held
    private ByteBuffer staged; // write mode: what fill() gathered for the next unwrap (held, or scratch); or null
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

    /**
     * Moves bytes from the inbox into the buffer the next unwrap reads, while it has room; whether any moved. Call
     * {@link #forUnwrap()} and {@link #unwrapped()} next whenever {@link #held()} is then above zero: the buffer
     * may be the loop's scratch buffer, which the next engine on this thread reuses.
     */
    boolean fill() {
        ByteBuffer into = held != null ? held : ScratchBuffers.forThisThread().cipherInput(capacity);
        boolean moved = false;
        for (ByteChunk oldest; (oldest = inbox.peek()) != null; ) {
            int left = oldest.length() - offset;
            if (left == 0) {
                inbox.poll();
                offset = 0;
                continue;
            }
            int room = into.remaining();
            if (room == 0) {
                break;
            }
            int n = Math.min(room, left);
            oldest.copyTo(offset, into, n);
            moved = true;
            offset += n;
            if (offset == oldest.length()) {
                inbox.poll();
                offset = 0;
            }
        }
        staged = into.position() > 0 ? into : null;
        return moved;
    }

    /** The gathered bytes, ready to read; give them back with {@link #unwrapped()}. */
    ByteBuffer forUnwrap() {
        if (staged == null) {
            staged = held != null ? held : ScratchBuffers.forThisThread().cipherInput(capacity);
        }
        staged.flip();
        return staged;
    }

    /**
     * Keeps what the engine did not consume in the connection's own buffer, and lets that buffer go when nothing is
     * left.
     */
    void unwrapped() {
        ByteBuffer read = staged;
        staged = null;
        if (read == held) {
            held.compact();
            if (held.position() == 0) {
                held = null;
            }
        } else if (read.hasRemaining()) {
            held = ByteBuffer.allocate(capacity);
            held.put(read);
        }
    }

    /** Bytes gathered here (not counting the inbox). */
    int held() {
        ByteBuffer buffer = staged != null ? staged : held;
        return buffer == null ? 0 : buffer.position();
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
        staged = null;
        offset = 0;
        inbox.clear();
    }
}
