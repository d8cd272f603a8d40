/* Minimal multi-threaded libfcgi responder: the ceiling for a FastCGI app behind nginx.
 * usage: responder SOCKET_PATH [THREADS]   (gcc -O2 -o responder responder.c -lfcgi -lpthread) */
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define BODY "{\"status\":\"healthy\",\"service\":\"c\"}"
#define RESPONSE "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: 34\r\n\r\n" BODY

_Static_assert(sizeof(BODY) - 1 == 34, "Content-Length must match BODY");

static int listen_fd;

static void *worker(void *arg) {
    (void)arg;
    FCGX_Request req;
    FCGX_InitRequest(&req, listen_fd, 0);
    /* No accept mutex: accept() is thread-safe on Linux, and a mutex would let a thread parked
     * on an idle kept-alive nginx connection block every other accept. */
    while (FCGX_Accept_r(&req) >= 0) {
        FCGX_PutStr(RESPONSE, sizeof(RESPONSE) - 1, req.out);
        FCGX_Finish_r(&req);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SOCKET_PATH [THREADS]\n", argv[0]);
        return 2;
    }
    int nthreads = argc > 2 ? atoi(argv[2]) : 8;
    if (nthreads < 1) nthreads = 1;

    /* libfcgi's own SIGTERM handler only sets a flag, so an idle responder would never exit.
     * Block the signals in every thread (inherited) and wait for them in main instead. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    if (FCGX_Init() != 0) return 1;
    listen_fd = FCGX_OpenSocket(argv[1], 1024);
    if (listen_fd < 0 || chmod(argv[1], 0666) != 0) {
        perror(argv[1]);
        return 1;
    }
    for (int i = 0; i < nthreads; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, NULL) != 0) return 1;
    }
    int sig;
    sigwait(&stop, &sig);
    return 0;
}
