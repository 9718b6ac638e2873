package org.kamaelia.http.bench;

import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.ResponseHead;

/** Sends {@code parts} parts of {@code size} bytes with no length given, as fast as the client takes them. */
final class StreamHandler extends HandlerComponent {
    private final int parts;
    private final byte[] part;
    private int sent = -1;

    StreamHandler(int parts, int size) {
        this.parts = parts;
        this.part = new byte[size];
        java.util.Arrays.fill(part, (byte) 'x');
    }

    @Override
    protected void react() {
        inbox.clear();
        if (sent < 0) {
            outbox.send(ResponseHead.status(200)
                    .header("Content-Type", "application/octet-stream")
                    .build());
            sent = 0;
            wake(); // the parts follow on the next reaction, so the head goes out alone: length unknown
            return;
        }
        while (sent < parts && outbox.hasRoom()) {
            outbox.send(ByteChunk.wrap(part)); // shared bytes: chunks are read-only views
            sent++;
        }
        if (sent == parts) {
            outbox.sendCompleting(EndOfResponse.INSTANCE); // the end marker completes the body just sent
            sent++;
        }
    }
}
