package org.kamaelia.http.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The Netty peer of the TLS comparison: {@code SslHandler} on the JDK's engine ({@link SslProvider#JDK}, the key
 * material, protocol and suite of {@link BenchTls}, as the Kamaelia side), then {@code HttpServerCodec} and one
 * handler answering {@code /hello} and {@code /stream?parts=N&size=S} as the shared harness's Netty peer answers
 * them: {@code /hello} written and flushed once per read batch, {@code /stream} as N chunks of S bytes, each
 * flushed on its own. One NIO event loop thread accepts and serves (NIO, as the Kamaelia side uses; the shared
 * harness's {@code netty-nio}), with {@code TCP_NODELAY}, a backlog of 4,096 and a {@code Date} header cached for
 * a second, as that peer sets them (Kamaelia sends a {@code Date} too). Netty's defaults otherwise: the engine's
 * delegated tasks run on the event loop.
 *
 * <p>Usage: {@code NettyTlsServer PORT}, with {@code -Dkamaelia.bench.tls=/path/to/server.p12}.
 */
public final class NettyTlsServer {
    private static final byte[] FILL = new byte[64 * 1024];
    private static volatile AsciiString date = now();

    static {
        Arrays.fill(FILL, (byte) 'x');
    }

    private NettyTlsServer() {}

    private static AsciiString now() {
        return new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    /** Starts the server on {@code args[0]} and runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException, SSLException {
        int port = Integer.parseInt(args[0]);
        SslContext tls = SslContextBuilder.forServer(BenchTls.keyManagers(BenchTls.keystore()))
                .sslProvider(SslProvider.JDK)
                .protocols(BenchTls.PROTOCOL)
                .ciphers(List.of(BenchTls.CIPHER_SUITE))
                .build();
        ByteBuf hello = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer("Hello, World!".getBytes(StandardCharsets.US_ASCII)));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        group.scheduleAtFixedRate(() -> date = now(), 1, 1, TimeUnit.SECONDS);
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(tls.newHandler(ch.alloc()))
                                .addLast(new HttpServerCodec())
                                .addLast(new Responder(hello));
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), port)
                .sync()
                .channel();
        System.out.println("netty tls peer on " + port + " (nio, " + BenchTls.PROTOCOL + ", " + BenchTls.CIPHER_SUITE
                + ", JDK engine)");
        Runtime.getRuntime().addShutdownHook(new Thread(group::shutdownGracefully));
        server.closeFuture().sync();
    }

    /** Answers each request; keep-alive answers are flushed once per read batch. */
    private static final class Responder extends ChannelInboundHandlerAdapter {
        private final ByteBuf hello;
        private boolean needsFlush;

        Responder(ByteBuf hello) {
            this.hello = hello;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    answer(ctx, request);
                }
                // body content: these routes take none
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(ChannelHandlerContext ctx, HttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String uri = request.uri();
            if (request.method() == HttpMethod.GET && uri.equals("/hello")) {
                FullHttpResponse response =
                        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, hello.duplicate());
                response.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, hello.readableBytes())
                        .set(HttpHeaderNames.DATE, date);
                send(ctx, response, keepAlive);
            } else if (request.method() == HttpMethod.GET && uri.startsWith("/stream")) {
                stream(ctx, new QueryStringDecoder(uri), keepAlive);
            } else {
                FullHttpResponse response = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                send(ctx, response, keepAlive);
            }
        }

        private static void stream(ChannelHandlerContext ctx, QueryStringDecoder query, boolean keepAlive) {
            int parts = intParameter(query, "parts", 64);
            int size = intParameter(query, "size", 16384);
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    .set(HttpHeaderNames.DATE, date);
            if (!keepAlive) {
                head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ctx.write(head, ctx.voidPromise());
            // written in order, each part flushed; what the socket does not take waits in Netty's outbound buffer
            for (int i = 0; i < parts; i++) {
                ByteBuf part = size <= FILL.length ? Unpooled.wrappedBuffer(FILL, 0, size) : Unpooled.buffer(size);
                if (size > FILL.length) {
                    part.writeZero(size);
                }
                ctx.writeAndFlush(new DefaultHttpContent(part), ctx.voidPromise());
            }
            ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
            if (keepAlive) {
                ctx.write(response, ctx.voidPromise());
                needsFlush = true;
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (needsFlush) {
                needsFlush = false;
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that resets or fails the handshake: nothing to tell it
        }

        private static int intParameter(QueryStringDecoder query, String name, int fallback) {
            List<String> values = query.parameters().get(name);
            return values == null || values.isEmpty() ? fallback : Integer.parseInt(values.get(0));
        }
    }
}
