{a,b}: a
