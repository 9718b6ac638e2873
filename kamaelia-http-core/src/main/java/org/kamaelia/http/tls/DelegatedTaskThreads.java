package org.kamaelia.http.tls;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default home of {@code SSLEngine} delegated tasks: one daemon thread per processor, made on demand and ended
 * after a minute idle, so an idle server keeps none. The tasks are CPU work (key exchange, certificate path
 * checks), so more threads than processors would only queue on the processors instead of here.
 */
final class DelegatedTaskThreads {
    private static final class Holder {
        static final Executor SHARED = newPool();
    }

    private DelegatedTaskThreads() {}

    static Executor shared() {
        return Holder.SHARED;
    }

    private static Executor newPool() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "kamaelia-tls-task-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
