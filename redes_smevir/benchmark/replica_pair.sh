#!/usr/bin/env bash
# A local MariaDB primary (port 3310, binary log) and read replica (port 3311, read_only) for trying
# SMEVIR's read-replica support without touching the server on 3306.
#   bash replica_pair.sh start|stop|status   (run as the bench user; DIR defaults to ~/replica)
# Then create a site on the primary and point its replica keys at 3311 (README, «Réplica de lectura»).
set -euo pipefail
DIR=${DIR:-$HOME/replica}
PASSWORD=${DB_ROOT_PASSWORD:-admin}
M() { mariadb --no-defaults -h127.0.0.1 -P"$1" -uroot "${@:2}"; }

conf() { # name port server-id extra...
	cat >"$DIR/my-$1.cnf" <<CNF
[mariadbd]
datadir=$DIR/$1
port=$2
bind-address=127.0.0.1
socket=$DIR/$1.sock
pid-file=$DIR/$1.pid
log-error=$DIR/$1.err
server-id=$3
log-bin=$DIR/$1-bin
binlog_format=ROW
userstat=1
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb_buffer_pool_size=256M
skip-name-resolve
${4:-}
CNF
}

start() {
	mkdir -p "$DIR"
	local fresh=0
	[ -d "$DIR/primary" ] || fresh=1
	conf primary 3310 1
	conf replica 3311 2 $'read_only=1\nrelay-log='"$DIR"'/replica-relay'
	for s in primary replica; do
		[ -d "$DIR/$s" ] || mariadb-install-db --defaults-file="$DIR/my-$s.cnf" --auth-root-authentication-method=normal >"$DIR/install-$s.log"
		[ -f "$DIR/$s.pid" ] && kill -0 "$(cat "$DIR/$s.pid")" 2>/dev/null || (nohup /usr/sbin/mariadbd --defaults-file="$DIR/my-$s.cnf" >"$DIR/$s.out" 2>&1 &)
	done
	sleep 5
	if [ $fresh = 1 ]; then
		for p in 3310 3311; do
			M $p -e "CREATE USER 'root'@'%' IDENTIFIED BY '$PASSWORD'; GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
				ALTER USER 'root'@'localhost' IDENTIFIED BY '$PASSWORD';
				ALTER USER IF EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$PASSWORD'; FLUSH PRIVILEGES;"
		done
		M 3310 -p"$PASSWORD" -e "CREATE USER 'repl'@'%' IDENTIFIED BY 'repl'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';"
		read -r file pos < <(M 3310 -p"$PASSWORD" -N -e "SHOW MASTER STATUS" | awk '{print $1, $2}')
		M 3311 -p"$PASSWORD" -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=3310, MASTER_USER='repl',
			MASTER_PASSWORD='repl', MASTER_LOG_FILE='$file', MASTER_LOG_POS=$pos, MASTER_USE_GTID=no; START SLAVE;"
	fi
	status
}

stop() {
	for s in replica primary; do
		[ -f "$DIR/$s.pid" ] && kill "$(cat "$DIR/$s.pid")" || true
	done
}

status() {
	M 3311 -p"$PASSWORD" -e "SHOW SLAVE STATUS\G" | grep -E "Slave_(IO|SQL)_Running:|Seconds_Behind_Master|Last_Error"
}

"${1:-status}"
