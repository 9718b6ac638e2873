package org.kamaelia.http.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.kamaelia.http.compress.Compression;

/**
 * The Netty peer of the gzip comparison: {@code HttpServerCodec} and {@code HttpContentCompressor} (gzip and
 * deflate through the JDK's zlib, at {@link Compression#DEFAULT_LEVEL}, zlib's default window and memory) with one
 * small handler, on one NIO event loop thread that accepts and serves (the shared harness's Netty peer also runs
 * one loop; NIO here, as the Kamaelia side uses NIO too).
 * Serves {@code /gzip} ({@link JsonBody}, with its length) and {@code /hello}.
 *
 * <p>Usage: {@code NettyGzipServer PORT}.
 */
public final class NettyGzipServer {
    private NettyGzipServer() {}

    /** Starts the server on {@code args[0]} and runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        ByteBuf json = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(JsonBody.bytes()));
        ByteBuf hello = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer("Hello, World!".getBytes(StandardCharsets.US_ASCII)));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpContentCompressor(
                                        StandardCompressionOptions.gzip(Compression.DEFAULT_LEVEL, 15, 8),
                                        StandardCompressionOptions.deflate(Compression.DEFAULT_LEVEL, 15, 8)))
                                .addLast(new Responder(json, hello));
                    }
                })
                .bind(port)
                .sync()
                .channel();
        System.out.println("netty gzip peer on " + port + " (nio)");
        Runtime.getRuntime().addShutdownHook(new Thread(group::shutdownGracefully));
        server.closeFuture().sync();
    }

    /** Answers each request with a full response; flushes once per read batch. */
    private static final class Responder extends ChannelInboundHandlerAdapter {
        private final ByteBuf json;
        private final ByteBuf hello;

        Responder(ByteBuf json, ByteBuf hello) {
            this.json = json;
            this.hello = hello;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest request)) {
                ReferenceCountUtil.release(msg); // body content: these routes take none
                return;
            }
            boolean gzip = request.uri().startsWith("/gzip");
            ByteBuf body = (gzip ? json : hello).duplicate();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, gzip ? HttpHeaderValues.APPLICATION_JSON : "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            ReferenceCountUtil.release(msg);
            if (keepAlive) {
                ctx.write(response);
            } else {
                ctx.write(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
