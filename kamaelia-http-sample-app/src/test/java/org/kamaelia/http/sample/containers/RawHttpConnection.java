package org.kamaelia.http.sample.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One TCP connection speaking HTTP/1.x as exact bytes, so a test chooses the framing it asks for (HTTP/1.0, keep-alive,
 * {@code Connection: close}, a malformed request) where a client library would choose for it. Every read is bounded
 * by a timeout.
 */
final class RawHttpConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawHttpConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = socket.getInputStream();
    }

    /** Sends {@code request} as ISO-8859-1 bytes, exactly as written. */
    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything received so far once it contains {@code marker}; fails on end of stream or the read timeout. */
    String readUntil(String marker) throws IOException {
        byte[] buffer = new byte[8192];
        while (!text().contains(marker)) {
            int n = read(buffer);
            if (n < 0) {
                throw new IOException("connection closed before \"" + marker + "\" arrived; received: " + text());
            }
            received.write(buffer, 0, n);
        }
        return text();
    }

    /** Everything received until the server closed the connection; fails on the read timeout. */
    String readToEnd() throws IOException {
        byte[] buffer = new byte[8192];
        for (int n = read(buffer); n >= 0; n = read(buffer)) {
            received.write(buffer, 0, n);
        }
        return text();
    }

    /** Everything received so far, for a test whose connection ended in a reset. */
    String receivedSoFar() {
        return text();
    }

    private int read(byte[] buffer) throws IOException {
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new IOException("no byte within " + READ_TIMEOUT_MILLIS + " ms; received: " + text(), e);
        }
    }

    private String text() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
