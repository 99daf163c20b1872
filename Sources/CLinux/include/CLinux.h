// SPDX-License-Identifier: Apache-2.0
#ifndef HABITS_CLINUX_H
#define HABITS_CLINUX_H

// Linux event sources the agent sleeps on: a wall-clock timer that notices
// clock changes, file-change notification, signals and a wake-up counter.
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/file.h>
#include <signal.h>
#include <poll.h>
#include <spawn.h>
#include <unistd.h>
#include <pthread.h>

static inline int habits_timerfd_realtime(void) {
  return timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
}

/// Arms `fd` to expire at the absolute wall-clock second `seconds`, and to be
/// cancelled (read fails with ECANCELED) if the wall clock is set.
static inline int habits_timerfd_arm(int fd, long long seconds) {
  struct itimerspec spec = {0};
  spec.it_value.tv_sec = (time_t)seconds;
  return timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL);
}

static inline int habits_eventfd(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

static inline int habits_inotify(void) { return inotify_init1(IN_CLOEXEC | IN_NONBLOCK); }

static inline int habits_inotify_watch(int fd, const char *path) {
  return inotify_add_watch(
    fd, path,
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY
      | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF);
}

/// Blocks SIGHUP, SIGTERM and SIGINT in the calling thread (and threads it
/// starts later) and returns a signalfd that reads them.
static inline int habits_signalfd(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/// The signal number of the next pending signal on `fd`, or -1.
static inline int habits_signalfd_read(int fd) {
  struct signalfd_siginfo info;
  if (read(fd, &info, sizeof info) != sizeof info) return -1;
  return (int)info.ssi_signo;
}

#endif
