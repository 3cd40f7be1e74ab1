# Sourced. Processes are marked by an environment variable that their children inherit (the test runs'
# MOVIES_TEST_OWNER, the local cluster's MOVIES_CLUSTER_DIR): this finds them by it, whoever they run as.

# The pids of the processes whose environment holds exactly NAME=VALUE, this shell excepted.
marked_pids() { # NAME=VALUE
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    if grep -qzxF -- "$1" "$environ" 2>/dev/null; then echo "$pid"; fi
  done
}
