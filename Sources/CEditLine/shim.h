// Non-variadic wrappers around libedit, which Swift cannot call directly (el_set, el_get and
// history are C-variadic), plus accessors for the C standard streams that Swift 6 refuses as
// global mutable state.
#ifndef KUBEDOJO_CEDITLINE_SHIM_H
#define KUBEDOJO_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <locale.h>
#include <unistd.h>
#include <errno.h>

typedef char *(*kd_prompt_fn)(EditLine *);
typedef unsigned char (*kd_complete_fn)(EditLine *, int);

static inline FILE *kd_stdin(void) { return stdin; }
static inline FILE *kd_stdout(void) { return stdout; }
static inline FILE *kd_stderr(void) { return stderr; }

static inline int kd_el_set_prompt(EditLine *el, kd_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int kd_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int kd_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int kd_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int kd_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *kd_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int kd_el_add_complete(EditLine *el, kd_complete_fn fn) {
    if (el_set(el, EL_ADDFN, "kd-complete", "Complete a word", fn) != 0) return -1;
    return el_set(el, EL_BIND, "^I", "kd-complete", NULL);
}

static inline int kd_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int kd_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int kd_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int kd_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int kd_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

/// Installs a SIGINT handler without SA_RESTART so a blocked el_gets returns with EINTR.
static volatile sig_atomic_t kd_interrupted = 0;
static inline void kd_sigint_handler(int sig) { (void)sig; kd_interrupted = 1; }
static inline int kd_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kd_sigint_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) != 0) return -1;
    /* A parent may have started us with SIGINT blocked; Ctrl-C must still cancel the line. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    return sigprocmask(SIG_UNBLOCK, &set, NULL);
}
static inline int kd_take_interrupted(void) { int was = kd_interrupted; kd_interrupted = 0; return was; }
static inline int kd_errno(void) { return errno; }

/// A one-shot SIGALRM (no SA_RESTART) that interrupts a blocked el_gets when an exam's time is up.
static volatile sig_atomic_t kd_alarmed = 0;
static inline void kd_sigalrm_handler(int sig) { (void)sig; kd_alarmed = 1; }
static inline int kd_arm_alarm(unsigned int seconds) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kd_sigalrm_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGALRM, &sa, NULL) != 0) return -1;
    alarm(seconds);
    return 0;
}
static inline int kd_take_alarmed(void) { int was = kd_alarmed; kd_alarmed = 0; return was; }

#endif
