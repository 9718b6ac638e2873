package org.kamaelia.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A raw-socket HTTP/1.1 client for tests: sends exact bytes and reads responses strictly by their framing. */
final class RawHttpClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    /** A response as read from the wire. */
    record Response(String statusLine, int status, List<String[]> headers, byte[] body, String framing) {
        Optional<String> header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return Optional.of(h[1]);
                }
            }
            return Optional.empty();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    RawHttpClient(int port) throws IOException {
        this(port, 0);
    }

    /** A client whose socket asks for a receive buffer of {@code receiveBuffer} bytes (0: the system's default). */
    RawHttpClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window is small from the start
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    Socket socket() {
        return socket;
    }

    RawHttpClient send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    RawHttpClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads one response to a request that was not HEAD. */
    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code head} says the request was HEAD (no body follows). */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        List<String[]> headers = new ArrayList<>();
        for (String line; !(line = line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.add(new String[] {
                line.substring(0, colon), line.substring(colon + 1).trim()
            });
        }
        Response shell = new Response(statusLine, status, headers, new byte[0], "none");
        if (status < 200 || status == 204 || status == 304 || head) {
            return new Response(statusLine, status, headers, new byte[0], "none");
        }
        Optional<String> te = shell.header("Transfer-Encoding");
        Optional<String> cl = shell.header("Content-Length");
        if (te.isPresent()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return new Response(statusLine, status, headers, body.toByteArray(), "chunked");
                }
                body.write(in.readNBytes(n));
                String crlf = line();
                if (!crlf.isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        }
        if (cl.isPresent()) {
            int n = Integer.parseInt(cl.get());
            byte[] body = in.readNBytes(n);
            if (body.length != n) {
                throw new IOException("short body: " + body.length + " of " + n);
            }
            return new Response(statusLine, status, headers, body, "content-length");
        }
        return new Response(statusLine, status, headers, in.readAllBytes(), "close");
    }

    /** Reads up to {@code n} body bytes of a close-delimited stream. */
    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Whether the server closed the connection (end of stream) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }

    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed while reading a line: " + line);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
