<?php
header('Content-Type: application/json');
echo '{"status":"healthy","service":"php"}';
