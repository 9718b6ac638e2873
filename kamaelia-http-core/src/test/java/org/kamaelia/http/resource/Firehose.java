package org.kamaelia.http.resource;

import org.kamaelia.http.handler.HandlerComponent;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.ResponseHead;

/** A test handler that writes fresh 16 KiB parts of an endless response as fast as the connection takes them. */
final class Firehose extends HandlerComponent {
    static final int PART = 16 * 1024;
    private boolean started;

    @Override
    protected void react() {
        inbox.clear();
        if (!started) {
            started = true;
            outbox.send(ResponseHead.status(200).endless().build());
        }
        while (outbox.hasRoom()) {
            outbox.send(ByteChunk.wrap(new byte[PART])); // fresh, as real handlers allocate
        }
    }
}
