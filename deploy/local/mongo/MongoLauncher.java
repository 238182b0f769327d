import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.File;
import java.util.concurrent.CountDownLatch;

/**
 * Aftercare local stack: starts mongo-java-server (MongoDB wire protocol) on a local port.
 *
 * <p>Run as a single source file (Java 11+), with the jars copied by deploy/local/mongo/pom.xml:
 *
 * <pre>
 *   java -cp '.stack/mongo/libs/*' deploy/local/mongo/MongoLauncher.java --port 27017 --memory
 *   java -cp '.stack/mongo/libs/*' deploy/local/mongo/MongoLauncher.java --port 27017 --h2 .stack/mongo/data.mv
 * </pre>
 *
 * <p>Options: {@code --port N} (default 27017), {@code --host H} (default 127.0.0.1),
 * exactly one of {@code --memory} (in-memory backend, data lost on exit) or {@code --h2 FILE}
 * (H2 MVStore file backend, data survives restarts). On SIGTERM/SIGINT a shutdown hook closes the
 * client connections, stops listening and closes the backend (the H2 store is committed and
 * closed), so the file is left consistent.
 */
public class MongoLauncher {

    public static void main(String[] args) {
        configureLogging();
        String host = "127.0.0.1";
        int port = 27017;
        String h2File = null;
        boolean memory = false;

        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = parsePort(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--memory" -> memory = true;
                case "--h2" -> h2File = value(args, ++i, "--h2");
                case "-h", "--help" -> {
                    usage();
                    System.exit(0);
                }
                default -> fail("unknown argument: " + args[i]);
            }
        }
        if (memory == (h2File != null)) {
            fail("choose exactly one backend: --memory or --h2 <file>");
        }

        MongoBackend backend;
        String description;
        try {
            if (memory) {
                backend = new MemoryBackend();
                description = "in-memory backend";
            } else {
                File file = new File(h2File).getAbsoluteFile();
                File dir = file.getParentFile();
                if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
                    fail("cannot create directory " + dir);
                }
                backend = new H2Backend(file.getPath());
                description = "H2 backend at " + file.getPath();
            }
        } catch (RuntimeException e) {
            fail("cannot open backend: " + e);
            return;
        }

        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            try {
                backend.close();
            } catch (RuntimeException ignored) {
                // best effort
            }
            fail("cannot bind " + host + ":" + port + ": " + rootMessage(e));
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[MongoLauncher] shutting down");
            try {
                // closes client connections, stops listening, then closes the backend (H2: commit + close)
                server.shutdownNow();
                System.out.println("[MongoLauncher] stopped");
            } catch (RuntimeException e) {
                System.err.println("[MongoLauncher] error during shutdown: " + e);
            } finally {
                stopped.countDown();
            }
        }, "mongo-launcher-shutdown"));

        System.out.println("[MongoLauncher] mongo-java-server listening on " + host + ":" + port
                + " (" + description + ", pid " + ProcessHandle.current().pid() + ")");
        System.out.flush();

        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * slf4j-simple defaults (only where not given with -D): timestamps, INFO for server start/stop,
     * but no line per client connection and no stack trace each time a driver resets a monitoring
     * socket ("Connection reset" from MongoExceptionHandler), which would flood the log.
     */
    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler", "warn");
        setDefault("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoExceptionHandler", "off");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                fail("port out of range: " + s);
            }
            return p;
        } catch (NumberFormatException e) {
            fail("not a port number: " + s);
            return -1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void usage() {
        System.out.println("usage: java -cp 'libs/*' MongoLauncher.java [--host 127.0.0.1] [--port 27017] (--memory | --h2 <file>)");
    }

    private static void fail(String message) {
        System.err.println("[MongoLauncher] error: " + message);
        System.exit(2);
    }
}
