package org.kamaelia.http.handler;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import org.kamaelia.http.message.ByteChunk;
import org.kamaelia.http.message.EndOfResponse;
import org.kamaelia.http.message.ResponseHead;

/**
 * A handler component that sends a response whose body is pieces of one file (and literal bytes between them, for
 * multipart ranges), in 64 KiB parts only as fast as the connection takes them: memory stays bounded whatever the
 * file's size and the client's speed. Static files and function handlers answering with a file both use it.
 *
 * <p>A file on the default file system is sent without copying through the Java heap: 1 MiB windows of it are
 * mapped read-only and the parts are slices of the mapping, which the connection's gathering write hands to the
 * kernel straight from the page cache. Files elsewhere (a jar, a zip file system) are read into heap buffers.
 */
public final class FileResponder extends HandlerComponent {
    private static final System.Logger LOG = System.getLogger(FileResponder.class.getName());
    private static final int PART = 64 * 1024;
    private static final long WINDOW = 1024 * 1024;

    /** A piece of the body. */
    public sealed interface Piece permits Literal, Region {}

    /**
     * Bytes sent as they are.
     *
     * @param bytes the bytes; do not change the array
     */
    public record Literal(byte[] bytes) implements Piece {}

    /**
     * {@code length} bytes of the file from {@code offset}.
     *
     * @param offset where in the file the piece starts
     * @param length how many bytes it has
     */
    public record Region(long offset, long length) implements Piece {}

    private final ResponseHead head;
    private final Path file;
    private final ArrayDeque<Piece> pieces;
    private final boolean bodyWanted;
    private SeekableByteChannel channel;
    private MappedByteBuffer window;
    private long windowStart;
    private long position;
    private long remaining = -1;
    private boolean started;
    private boolean ended;

    /**
     * A responder that sends {@code head}, then {@code pieces} of {@code file} (only if {@code bodyWanted}: not for
     * HEAD), then the end of the response.
     */
    public FileResponder(ResponseHead head, Path file, List<Piece> pieces, boolean bodyWanted) {
        this.head = head;
        this.file = file;
        this.pieces = new ArrayDeque<>(pieces);
        this.bodyWanted = bodyWanted;
    }

    @Override
    protected void react() {
        inbox.clear();
        if (ended) {
            return; // the rest of the request (its end, say) arriving after the response must not end it again
        }
        if (!started) {
            started = true;
            outbox.send(head);
            if (!bodyWanted) {
                pieces.clear();
            }
        }
        try {
            while (outbox.hasRoom()) {
                if (remaining > 0) {
                    sendPart();
                    continue;
                }
                Piece next = pieces.poll();
                if (next == null) {
                    closeFile();
                    ended = true;
                    outbox.sendCompleting(EndOfResponse.INSTANCE);
                    return;
                }
                if (next instanceof Literal literal) {
                    outbox.send(ByteChunk.wrap(literal.bytes()));
                } else if (next instanceof Region region) {
                    if (channel == null) {
                        // A FileChannel (default file system) can be mapped; a byte channel works for the rest:
                        // zip file systems and Spring Boot's nested jars.
                        channel = file.getFileSystem() == FileSystems.getDefault()
                                ? FileChannel.open(file, StandardOpenOption.READ)
                                : Files.newByteChannel(file, StandardOpenOption.READ);
                    }
                    position = region.offset();
                    remaining = region.length();
                }
            }
        } catch (IOException e) {
            closeFile();
            throw new IllegalStateException("reading " + file + " failed", e);
        }
    }

    private void sendPart() throws IOException {
        if (channel instanceof FileChannel file) {
            sendMappedPart(file);
            return;
        }
        ByteBuffer part = ByteBuffer.allocate((int) Math.min(PART, remaining));
        channel.position(position);
        while (part.hasRemaining()) {
            int n = channel.read(part);
            if (n < 0) {
                throw new IOException("file shrank while being sent");
            }
        }
        part.flip();
        position += part.remaining();
        remaining -= part.remaining();
        outbox.send(ByteChunk.wrap(part));
    }

    private void sendMappedPart(FileChannel file) throws IOException {
        int size = (int) Math.min(PART, remaining);
        if (window == null || position < windowStart || position + size > windowStart + window.capacity()) {
            long length = Math.min(WINDOW, remaining);
            window = file.map(FileChannel.MapMode.READ_ONLY, position, length);
            windowStart = position;
        }
        int offset = (int) (position - windowStart);
        ByteBuffer part = window.slice(offset, size);
        position += size;
        remaining -= size;
        outbox.send(ByteChunk.wrap(part));
    }

    private void closeFile() {
        window = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a file", e);
            }
            channel = null;
        }
    }

    @Override
    protected void onFinish() {
        closeFile();
    }
}
