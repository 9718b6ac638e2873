package org.kamaelia.http.spring.boot.server;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.kamaelia.http.handler.BlockingHandler;
import org.kamaelia.http.handler.BlockingResponse;
import org.kamaelia.http.handler.HttpRequest;
import org.kamaelia.http.handler.HttpResponse;
import org.kamaelia.http.message.RequestHead;
import org.kamaelia.http.message.ResponseHead;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * A bean method annotated with {@code @KamaeliaRoute}, called as a {@link BlockingHandler} so that it runs on a
 * thread of its own and may block. The bean is looked up at the first request, so a lazy bean stays lazy.
 */
final class HandlerMethod implements BlockingHandler {
    private static final int FILE_CHUNK = 64 * 1024;

    private final BeanFactory beans;
    private final String beanName;
    private final Method method;
    private volatile Invocable invocable;

    HandlerMethod(BeanFactory beans, String beanName, Method method) {
        this.beans = beans;
        this.beanName = beanName;
        this.method = method;
    }

    /**
     * Why {@code method} cannot serve a route, or empty when it can: it must be an instance method returning
     * {@code HttpResponse} whose parameters are at most one {@code HttpRequest} and one {@code RequestHead}.
     */
    static Optional<String> signatureProblem(Method method) {
        if (Modifier.isStatic(method.getModifiers())) {
            return Optional.of("the method is static");
        }
        if (method.getReturnType() != HttpResponse.class) {
            return Optional.of(
                    "the method returns " + method.getGenericReturnType().getTypeName() + ", not HttpResponse");
        }
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] != HttpRequest.class && types[i] != RequestHead.class) {
                return Optional.of("parameter " + i + " is a " + types[i].getName()
                        + "; a route method takes only an HttpRequest and/or a RequestHead");
            }
            for (int j = 0; j < i; j++) {
                if (types[j] == types[i]) {
                    return Optional.of("the method takes two " + types[i].getSimpleName() + " parameters");
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void handle(RequestHead head, InputStream body, BlockingResponse response) throws Exception {
        Invocable target = invocable();
        Class<?>[] types = target.method.getParameterTypes();
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            // only a method that asks for the whole request has its body read; the server drains it otherwise
            arguments[i] = types[i] == HttpRequest.class ? new HttpRequest(head, body.readAllBytes()) : head;
        }
        HttpResponse answer;
        try {
            answer = (HttpResponse) target.method.invoke(target.bean, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
        if (answer == null) {
            throw new IllegalStateException(method + " returned null instead of an HttpResponse");
        }
        send(head, answer, response);
    }

    private static void send(RequestHead head, HttpResponse answer, BlockingResponse response) throws Exception {
        if (answer.file().isEmpty()) {
            response.send(ResponseHead.status(answer.status())
                    .headers(answer.headers())
                    .contentLength(answer.body().length)
                    .build());
            response.write(answer.body());
            return;
        }
        Path path = answer.file().get();
        response.send(ResponseHead.status(answer.status())
                .headers(answer.headers())
                .contentLength(Files.size(path))
                .build());
        if (head.isHead()) {
            return;
        }
        try (InputStream file = Files.newInputStream(path)) {
            byte[] buffer = new byte[FILE_CHUNK];
            for (int n; (n = file.read(buffer)) > 0; ) {
                response.write(Arrays.copyOf(buffer, n)); // the response keeps the array: hand it a copy
            }
        }
    }

    private Invocable invocable() {
        Invocable resolved = invocable;
        if (resolved == null) {
            Object bean = beans.getBean(beanName);
            // the method as the bean's proxy (if any) exposes it, so that advice such as transactions applies
            Method callable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ReflectionUtils.makeAccessible(callable);
            resolved = new Invocable(bean, callable);
            invocable = resolved;
        }
        return resolved;
    }

    private record Invocable(Object bean, Method method) {}
}
