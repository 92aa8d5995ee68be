# Last part of every cluster's script: the balancer's state and counters
# on each node as notes, to show that nothing moved by itself.
# shellcheck shell=sh
balancer_notes "at the end"
