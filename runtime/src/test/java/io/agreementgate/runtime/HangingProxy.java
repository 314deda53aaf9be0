package io.agreementgate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server (the schema registry) that can be switched to hang: it then accepts every
 * connection and never answers, as a registry behind a dead load balancer does. Switching closes the connections open
 * so far, so the next request meets the new mode.
 */
final class HangingProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean hanging;
    private volatile boolean closed;

    HangingProxy(String upstreamUrl) {
        URI uri = URI.create(upstreamUrl);
        this.upstream = new InetSocketAddress(uri.getHost(), uri.getPort());
        try {
            this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "hanging-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void hang() {
        hanging = true;
        closeOpen();
    }

    void release() {
        hanging = false;
        closeOpen();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                if (!hanging) {
                    Socket target = new Socket(upstream.getAddress(), upstream.getPort());
                    open.add(target);
                    pump(client, target);
                    pump(target, client);
                }
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        quietly(from);
                        quietly(to);
                    }
                },
                "hanging-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeOpen() {
        open.forEach(HangingProxy::quietly);
        open.clear();
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        closeOpen();
    }
}
