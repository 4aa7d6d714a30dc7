{ a, b }: a + b
