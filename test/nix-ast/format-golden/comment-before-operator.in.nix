a
|| b
# why c
|| c
